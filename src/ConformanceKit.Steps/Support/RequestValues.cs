namespace ConformanceKit.Steps.Support;

/// <summary>
/// A value the kit fills into an action's request body, named in the catalogue as a placeholder (<c>${otherHost}</c>).
/// </summary>
public enum RequestValue
{
    Image,
    OtherFlavor,
    Name,
    Reason,
    Password,
    NetworkId,
    FixedIp,
    FloatingIp,
    SecurityGroup,
    OtherHost,
}

/// <summary>
/// The values a scenario's request bodies were filled with, kept so that later steps can check them (the lock reason
/// GET shows, the host a move was sent to). Keyed by <see cref="RequestValue"/>: a misspelt name does not compile.
/// </summary>
public sealed class RequestValues
{
    private readonly Dictionary<RequestValue, string> _values = [];

    /// <summary>The value, or null when no request used it yet.</summary>
    public string? this[RequestValue name]
    {
        get => _values.GetValueOrDefault(name);
        set
        {
            if (value is null) _values.Remove(name);
            else _values[name] = value;
        }
    }

    public bool Has(RequestValue name) => _values.ContainsKey(name);

    /// <summary>The value a catalogue placeholder names (<c>otherHost</c> is <see cref="RequestValue.OtherHost"/>).</summary>
    /// <exception cref="InvalidOperationException">The catalogue names a value the kit cannot fill.</exception>
    public static RequestValue Parse(string placeholder) =>
        placeholder.All(char.IsAsciiLetter) && Enum.TryParse<RequestValue>(placeholder, ignoreCase: true, out var value)
            ? value
            : throw new InvalidOperationException($"The catalogue uses the placeholder ${{{placeholder}}}, which the kit cannot fill; it fills {string.Join(", ", Enum.GetNames<RequestValue>().Select(n => "${" + char.ToLowerInvariant(n[0]) + n[1..] + "}"))}.");
}
