namespace ConformanceKit.Gherkin;

/// <summary>The <c>"""</c> block under a step. A step method receives its <see cref="Content"/> as its last <c>string</c> parameter.</summary>
/// <param name="Content">The text between the delimiters, with the block's indentation removed.</param>
/// <param name="MediaType">The media type written after the opening delimiter (<c>"""json</c>), or null.</param>
public sealed record DocString(string Content, string? MediaType);
