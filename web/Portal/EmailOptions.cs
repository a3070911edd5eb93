using IopFinder.Web.Options;

namespace IopFinder.Web.Portal;

/// <summary>How the site sends email, bound from the <c>Email</c> section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary><c>pickup</c> writes .eml files to <see cref="PickupFolder"/>; <c>smtp</c> sends through a server.</summary>
    public string Mode { get; set; } = "pickup";

    /// <summary>Where pickup mode writes messages; relative paths resolve against the content root.</summary>
    public string PickupFolder { get; set; } = "data/mail";

    public string From { get; set; } = "IopFinder <no-reply@iopfinder.example.org>";

    /// <summary>The SMTP server; required in <c>smtp</c> mode (there is no default: most servers run no mail server of their own).</summary>
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public bool EnableSsl { get; set; }

    /// <summary>
    /// Why these settings cannot deliver mail, as one sentence naming the setting to fix, or null. Read at
    /// start-up in Production: every approval and password reset promises an email, so a site that cannot
    /// send one must not start (an unwritable pickup folder once turned every approval into a 500).
    /// </summary>
    public string? DeliveryProblem(string contentRoot)
    {
        if (Mode == "smtp")
        {
            return string.IsNullOrWhiteSpace(Host) ? "Email:Mode is smtp but Email:Host is not set; set Email__Host (and Email__Port) to your mail server." : null;
        }

        if (Mode != "pickup")
        {
            return $"Email:Mode is '{Mode}'; set it to smtp (with Email:Host) or, for a test install, pickup.";
        }

        var folder = PathResolver.Resolve(contentRoot, PickupFolder);
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, ".write-test-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"Email:Mode is pickup but this process cannot write to the pickup folder {folder}; set Email__Mode=smtp with Email__Host, or Email__PickupFolder to a folder the service user can write.";
        }
    }
}

/// <summary>The mail settings cannot deliver mail; the message names the setting to fix.</summary>
public sealed class MailSettingsException(string message) : Exception(message);
