namespace IopFinder.Tests.Data;

/// <summary>Database settings an operator can get wrong: one plain sentence and a non-zero exit, never a stack trace.</summary>
public sealed class DatabaseSettingsTests
{
    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task A_misspelt_provider_a_missing_connection_string_or_an_unreachable_server_is_explained()
    {
        var (misspelt, misspeltOutput) = await CliProcess.RunAsync(["--Database:Provider=postgress"], ["export", "csv", "/tmp/unused.csv"]);
        var (missing, missingOutput) = await CliProcess.RunAsync(["--Database:Provider=postgres"], ["export", "csv", "/tmp/unused.csv"]);
        var (unreachable, unreachableOutput) = await CliProcess.RunAsync(
            ["--Database:Provider=postgres", "--Database:ConnectionString=Host=127.0.0.1;Port=1;Username=nobody;Database=none"], ["export", "csv", "/tmp/unused.csv"]);

        Assert.Equal(1, misspelt);
        Assert.Contains("Database:Provider 'postgress' is not known: use sqlite or postgres.", misspeltOutput);
        Assert.Equal(1, missing);
        Assert.Contains("Database:ConnectionString is empty", missingOutput);
        Assert.Equal(1, unreachable);
        Assert.Contains("IopFinder cannot use its database: Failed to connect to 127.0.0.1:1", unreachableOutput);
        Assert.All(new[] { misspeltOutput, missingOutput, unreachableOutput }, output => Assert.DoesNotContain("   at ", output));
        Assert.False(File.Exists("/tmp/unused.csv"));
    }
}
