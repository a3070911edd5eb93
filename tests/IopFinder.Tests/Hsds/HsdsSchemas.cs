using System.IO.Compression;
using System.Text.Json;
using Json.Schema;

namespace IopFinder.Tests.Hsds;

/// <summary>
/// Open Referral's official HSDS 3.0 schemas (Fixtures/hsds, with their licence notice), loaded once, and a check
/// that names every error. Formats (uuid, uri, date-time, email) are enforced, not only annotated.
/// </summary>
public static class HsdsSchemas
{
    private static readonly Dictionary<string, Lazy<JsonSchema>> Schemas = new[]
    {
        "service", "service_list", "organization", "organization_list", "service_at_location", "service_at_location_list", "taxonomy", "taxonomy_term",
    }.ToDictionary(n => n, n => new Lazy<JsonSchema>(() => Load(n)));

    private static JsonSchema Load(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hsds");
        var plain = Path.Combine(folder, name + ".json");
        string text;
        if (File.Exists(plain))
        {
            text = File.ReadAllText(plain);
        }
        else
        {
            using var gzip = new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            text = reader.ReadToEnd();
        }

        // The compiled schemas carry informative keywords such as "name"; draft 2020-12 allows them, the library's default dialect does not.
        return JsonSchema.FromText(text, new BuildOptions { Dialect = Dialect.Draft202012 }, new Uri($"https://hsds.test/{name}.json"));
    }

    /// <summary>Fails with every error the schema finds, each with where in the document it is.</summary>
    public static void AssertValid(string schema, JsonElement instance)
    {
        var result = Schemas[schema].Value.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).Take(20);
            Assert.Fail($"not a valid HSDS {schema}:\n" + string.Join("\n", errors) + "\n" + instance.GetRawText()[..Math.Min(2000, instance.GetRawText().Length)]);
        }
    }
}
