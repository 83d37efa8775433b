using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConformanceKit.Reporting.Allure;

// The Allure result format ("{uuid}-result.json"), as documented for Allure 2 and read by Allure 3.
// Only the fields the kit fills are modelled.

public sealed record AllureLabel(string Name, string Value);

public sealed record AllureLink(string Name, string Url, string Type = "link");

public sealed record AllureParameter(string Name, string Value);

public sealed record AllureAttachment(string Name, string Source, string Type);

public sealed record AllureStatusDetails(string? Message, string? Trace);

public sealed record AllureStep
{
    public required string Name { get; init; }
    public required string Status { get; init; }
    public AllureStatusDetails? StatusDetails { get; init; }
    public string Stage { get; init; } = "finished";
    public required long Start { get; init; }
    public required long Stop { get; init; }
    public IReadOnlyList<AllureStep> Steps { get; init; } = [];
    public IReadOnlyList<AllureAttachment> Attachments { get; init; } = [];
    public IReadOnlyList<AllureParameter> Parameters { get; init; } = [];
}

public sealed record AllureResult
{
    public required string Uuid { get; init; }
    public required string HistoryId { get; init; }
    public required string TestCaseId { get; init; }
    public required string FullName { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string Status { get; init; }
    public AllureStatusDetails? StatusDetails { get; init; }
    public string Stage { get; init; } = "finished";
    public required long Start { get; init; }
    public required long Stop { get; init; }
    public IReadOnlyList<AllureStep> Steps { get; init; } = [];
    public IReadOnlyList<AllureAttachment> Attachments { get; init; } = [];
    public IReadOnlyList<AllureParameter> Parameters { get; init; } = [];
    public IReadOnlyList<AllureLabel> Labels { get; init; } = [];
    public IReadOnlyList<AllureLink> Links { get; init; } = [];
}

/// <summary>A defect category (categories.json; Allure 3 reads the same shape from its configuration).</summary>
public sealed record AllureCategory(string Name, IReadOnlyList<string> MatchedStatuses, string? MessageRegex = null, string? Description = null);

internal static class AllureJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };
}
