using Markdig;

namespace IopFinder.Web.Content;

/// <summary>
/// The Markdown pipelines, each built once: building one is costly and they are safe to share.
/// </summary>
public static class MarkdownPipelines
{
    /// <summary>
    /// For our own articles: tables, heading ids, custom containers and YAML front matter.
    /// Articles are written by us and reviewed, so their HTML is trusted.
    /// </summary>
    public static MarkdownPipeline Articles { get; } = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .UseYamlFrontMatter()
        .Build();
}
