namespace IopFinder.Tests.Support;

/// <summary>
/// One app shared by every test in the collection: starting it once keeps the suite fast. xUnit finds
/// collection definitions only in the test assembly, so this one stays here, beside the tests that use it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFactory>
{
    public const string Name = "site";
}
