using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IopFinder.Tests.Portal;

/// <summary>The Data Protection keys sign every sign-in and form: with an operator's certificate they are encrypted at rest.</summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class KeyProtectionTests
{
    [Fact]
    public async Task With_a_certificate_the_keys_are_encrypted_at_rest_and_sign_ins_still_work()
    {
        using var folder = new TempFolder();
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=iopfinder-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(folder.Path, "keys.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "a pfx password"));
        using var site = new SiteFactory
        {
            DemoClinics = 5,
            Settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = "sqlite", ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "a pfx password",
            },
        };
        var user = site.CreateUser("keys@clinic.example.org", "clinic", 1);
        using var client = site.Client();

        var signIn = await client.LoginAsync(user.Email);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/portal")).StatusCode);
        var keys = Directory.GetFiles(Path.Combine(site.DataFolder, "keys"), "*.xml").Select(File.ReadAllText).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted form", key, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(site.Logs.Lines, l => l.Contains("keys are stored unencrypted", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_certificate_a_production_site_says_its_keys_are_unencrypted()
    {
        using var site = new SiteFactory { DemoClinics = 5, Settings = new Dictionary<string, string> { ["Database:Provider"] = "sqlite" } };
        using var client = site.Client();

        Assert.Contains(site.Logs.Lines, l => l.Contains("keys are stored unencrypted", StringComparison.Ordinal) && l.Contains("DataProtection__CertificatePath", StringComparison.Ordinal));
    }
}
