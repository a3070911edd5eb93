using System.Net;
using IopFinder.Web.SelfCheck;

namespace IopFinder.Tests.SelfCheck;

/// <summary>
/// The self-check leaves no trace. The tests share one site (they need no listings of their own), so the database
/// and log checked after a result also hold what every other test of the class sent.
/// </summary>
public sealed class SelfCheckPrivacyTests(ClassSite site) : IClassFixture<ClassSite>
{
    private const string DistinctiveZip = "86753";
    private readonly ClassSite _factory = site;

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private async Task<List<HttpResponseMessage>> EveryKindOfResponse(HttpClient client)
    {
        var intro = await client.GetAsync("/self-check");
        var token = Html.Parse(await intro.Content.ReadAsStringAsync()).QuerySelector($"input[name={FormPoster.TokenField}]")!.GetAttribute("value")!;
        var answers = WorkedExamples.All.Single(e => e.Name == "daily opioids, supportive home").Answers with { Zip = DistinctiveZip };
        // The output cache stores a page on its second request and serves it from the third: ask three times.
        await client.GetAsync("/self-check");
        var third = await client.GetAsync("/self-check");
        await client.GetAsync("/self-check/how-it-works");
        await client.GetAsync("/self-check/how-it-works");
        return
        [
            intro,
            third,
            await client.GetAsync("/self-check/how-it-works"),
            await client.PostAsync("/self-check", new FormUrlEncodedContent(ContractForm.Fields(answers, token))),
            await client.PostAsync("/self-check", new FormUrlEncodedContent([new(FormPoster.TokenField, token), new("step", "who"), new("seen", "who")])),
            await client.PostAsync("/self-check", new FormUrlEncodedContent([new("zip", DistinctiveZip)])),
        ];
    }

    [Fact]
    public async Task Every_self_check_response_forbids_caching_and_referrers()
    {
        using var client = _factory.Client();

        var responses = await EveryKindOfResponse(client);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], responses.Select(r => r.StatusCode));
        Assert.All(responses, r => Assert.Contains("no-store", Header(r, "Cache-Control")));
        // A response the output cache served carries its age; none of these may come from a store.
        Assert.All(responses, r => Assert.False(r.Headers.Age.HasValue, $"{r.RequestMessage!.RequestUri} was served from a cache"));
        Assert.All(responses, r => Assert.Equal("no-referrer", Header(r, "Referrer-Policy")));
    }

    [Fact]
    public async Task The_self_check_sets_no_cookie_but_the_antiforgery_one()
    {
        using var client = _factory.Client();

        var responses = await EveryKindOfResponse(client);

        var cookies = responses.SelectMany(r => r.Headers.TryGetValues("Set-Cookie", out var v) ? v : []).Select(c => c.Split('=')[0]).Distinct().ToList();
        Assert.Equal(["iopf-af"], cookies);
    }

    [Fact]
    public async Task Self_check_pages_are_never_served_from_the_output_cache()
    {
        using var client = _factory.Client();

        // The output cache stores a page on its second request and serves it from the third.
        foreach (var path in new[] { "/self-check", "/self-check/how-it-works", "/es/self-check" })
        {
            await client.GetAsync(path);
            await client.GetAsync(path);
            using var third = await client.GetAsync(path);

            Assert.Null(third.Headers.Age);
        }

        // The same three requests to a page the cache may keep: the check can see a cached page.
        await client.GetAsync("/learn");
        await client.GetAsync("/learn");
        using var cached = await client.GetAsync("/learn");
        Assert.NotNull(cached.Headers.Age);
    }

    [Fact]
    public async Task After_a_result_neither_the_database_nor_the_log_holds_any_answer()
    {
        using var client = _factory.Client();

        var responses = await EveryKindOfResponse(client);
        Assert.Contains(DistinctiveZip, await responses[3].Content.ReadAsStringAsync());

        if (_factory.ConnectionString is not null)
        {
            // Every row of every table, as text.
            using var connection = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IopFinder.Web.Data.Db>(_factory.Services).Open();
            var tables = Dapper.SqlMapper.Query<string>(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").ToList();
            Assert.Contains("clinics", tables);
            foreach (var table in tables)
            {
                Assert.DoesNotContain(Dapper.SqlMapper.Query<string>(connection, $"SELECT t::text FROM {table} t"), row => row.Contains(DistinctiveZip, StringComparison.Ordinal));
            }
        }

        var files = _factory.ConnectionString is null ? Directory.EnumerateFiles(_factory.DataFolder, "site.db*").ToList() : [];
        Assert.True(files.Count > 0 || _factory.ConnectionString is not null);
        foreach (var file in files)
        {
            string text;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
                text = await reader.ReadToEndAsync();
            }
            catch (FileNotFoundException)
            {
                // SQLite removes the -wal and -shm files when the last connection closes; a file that is gone holds nothing.
                continue;
            }

            Assert.DoesNotContain(DistinctiveZip, text);
        }

        Assert.NotEmpty(_factory.Logs.Lines);
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains(DistinctiveZip, StringComparison.Ordinal));
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains("opioidwithdrawal", StringComparison.Ordinal));
    }

    [Fact]
    public void The_directory_link_never_carries_an_answer_over_many_generated_answer_sets()
    {
        // "time" is the schedule answer as the directory's filter (evenings or weekends only), as SELF_CHECK.md allows: a filter, not an answer.
        var allowed = new HashSet<string> { "near", "care", "service", "age", "pop", "pay", "lang", "time" };
        var random = new Random(3);
        for (var i = 0; i < 2_000; i++)
        {
            var answers = SelfCheckPropertyTests.Generate(random);
            var result = SelfCheckRules.Evaluate(answers);

            var parameters = DirectoryLink.Parameters(result, answers);

            Assert.All(parameters, p => Assert.Contains(p.Key, allowed));
            Assert.All(parameters.Where(p => p.Key == "near"), p => Assert.Equal(answers.Zip, p.Value));
        }
    }
}
