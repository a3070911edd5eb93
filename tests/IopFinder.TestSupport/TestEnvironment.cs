using Microsoft.Extensions.Hosting;

namespace IopFinder.Tests.Support;

/// <summary>A host environment for constructing services directly, without starting the app.</summary>
public sealed class TestEnvironment(string contentRoot = "/", string name = "Production") : IHostEnvironment
{
    public string EnvironmentName { get; set; } = name;
    public string ApplicationName { get; set; } = "IopFinder.Web";
    public string ContentRootPath { get; set; } = contentRoot;
    public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
}
