using IopFinder.Web.Cli;

namespace IopFinder.Tests.Site;

[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class CommandLineTests
{
    [Fact]
    public void A_verb_passes_only_settings_to_the_host_so_file_paths_cannot_swallow_them()
    {
        string[] args = ["export", "csv", "/tmp/out.csv", "--Database:Path=/tmp/x.db", "--clinics", "5"];

        Assert.Equal(["--Database:Path=/tmp/x.db"], CommandLine.HostArguments(args));
        Assert.Equal(5, CommandLine.Int(args, "--clinics", 1));
    }

    [Fact]
    public void Without_a_verb_every_argument_reaches_the_host()
    {
        string[] args = ["--urls", "http://127.0.0.1:5000"];

        Assert.Equal(args, CommandLine.HostArguments(args));
    }

    [Fact]
    public void A_bad_number_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLine.Int(["seed-demo", "--clinics", "lots"], "--clinics", 2500));

        Assert.Contains("--clinics needs a whole number", error.Message);
    }
}
