using System.Text;
using ConformanceKit.Core;

namespace ConformanceKit.Contracts.Validation;

/// <summary>What kind of rule a body broke.</summary>
public enum ViolationKind
{
    /// <summary>A required field is missing.</summary>
    Missing,
    /// <summary>A field Nova's shape does not have (a warning when extensions are tolerated).</summary>
    Extra,
    /// <summary>A value of the wrong JSON type.</summary>
    WrongType,
    /// <summary>null where the field may not be null.</summary>
    UnexpectedNull,
    /// <summary>A string that is not a valid uuid, date-time, address, URI...</summary>
    WrongFormat,
    /// <summary>A value outside the allowed set or bounds (enum, length, minimum...).</summary>
    WrongValue,
    /// <summary>An error body whose kind does not match its code, or whose code is not the HTTP status.</summary>
    ErrorKindMismatch,
    /// <summary>A body was expected and none came.</summary>
    NoBody,
    /// <summary>The body is not JSON.</summary>
    NotJson,
    /// <summary>A body came where the operation has none at this microversion.</summary>
    UnexpectedBody,
    /// <summary>Anything else the schema rejects.</summary>
    Other,
}

/// <summary>
/// One rule a body broke, located by a JSON Pointer (RFC 6901, "" is the whole body).
/// Secret values (passwords) are never shown: <see cref="Actual"/> masks them.
/// </summary>
public sealed record Violation(string Pointer, ViolationKind Kind, string Expected, string Actual)
{
    /// <summary>"/server/id: expected a uuid, actual "abc"".</summary>
    public string Message => $"{(Pointer.Length == 0 ? "(body)" : Pointer)}: expected {Expected}, actual {Actual}";

    public override string ToString() => Message;
}

/// <summary>The verdict on one body.</summary>
public sealed record ContractResult(
    string Operation,
    Microversion Microversion,
    string? SchemaFile,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<Violation> Warnings,
    IReadOnlyList<string> Notes)
{
    public bool IsValid => Violations.Count == 0;

    /// <summary>A readable report: one line per violation and warning.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append($"{Operation} at {Microversion}{(SchemaFile is null ? "" : $" ({SchemaFile})")}: ");
        sb.Append(IsValid ? "conforms" : $"{Violations.Count} violation{(Violations.Count == 1 ? "" : "s")}");
        if (Warnings.Count > 0) sb.Append($", {Warnings.Count} warning{(Warnings.Count == 1 ? "" : "s")}");
        foreach (var v in Violations) sb.Append("\n  ").Append(v.Message);
        foreach (var w in Warnings) sb.Append("\n  warning: ").Append(w.Message);
        foreach (var n in Notes) sb.Append("\n  note: ").Append(n);
        return sb.ToString();
    }

    public override string ToString() => Describe();
}

/// <summary>How strictly bodies are judged.</summary>
public sealed record ContractOptions
{
    /// <summary>
    /// Tolerate vendor extensions: a field Nova's shape does not have becomes a warning instead of a
    /// violation. Nothing else is relaxed (missing fields, types, formats, enums, error kinds still fail).
    /// </summary>
    public bool TolerateExtensions { get; init; }

    public static ContractOptions Strict { get; } = new();
}
