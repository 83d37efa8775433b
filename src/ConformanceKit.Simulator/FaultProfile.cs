namespace ConformanceKit.Simulator;

/// <summary>One rule the simulator can break on purpose. Each flag breaks exactly one rule.</summary>
[Flags]
public enum Fault
{
    None = 0,
    /// <summary>Accepted actions answer 200 instead of their normal code.</summary>
    WrongCode = 1 << 0,
    /// <summary>State preconditions are not enforced: an action is accepted from any status (no 409).</summary>
    Missing409 = 1 << 1,
    /// <summary>Asynchronous actions settle to a wrong status (the status the server had before).</summary>
    WrongSettledStatus = 1 << 2,
    /// <summary>Actions that must answer without a body carry a JSON body.</summary>
    BodyWhereNone = 1 << 3,
    /// <summary>The OpenStack-API-Version / X-OpenStack-Nova-API-Version / Vary headers are left out.</summary>
    NoMicroversionEcho = 1 << 4,
    /// <summary>GET /servers/{id} (and /servers/detail) carries an undocumented field.</summary>
    ExtraField = 1 << 5,
    /// <summary>Error bodies lose the {"kind": {...}} wrapper.</summary>
    WrongErrorShape = 1 << 6,
    /// <summary>Members can act on servers an admin locked.</summary>
    LockIgnored = 1 << 7,
    /// <summary>Members can run admin-only actions (and override an admin's lock); readers can run members' actions.</summary>
    PolicyOpen = 1 << 8,
    /// <summary>Transitions started by actions never finish (task_state stays set).</summary>
    Stuck = 1 << 9,
    /// <summary>Asynchronous actions end with the server in ERROR, with a fault.</summary>
    ErrorOnAction = 1 << 10,
    /// <summary>Every POST /servers/{id}/action answers 500.</summary>
    Http500 = 1 << 11,
    /// <summary>POST /servers/{id}/action answers a body that is not JSON.</summary>
    Garbage = 1 << 12,
    /// <summary>Actions whose api-ref documents 501 answer 501: the deployment's driver does not implement them.</summary>
    NotImplemented = 1 << 13,
    /// <summary>Accepted actions settle, but leave the server's flavor, image, host, security groups and floating IPs as they were.</summary>
    NoEffect = 1 << 14,
    /// <summary>A member of any project finds and acts on every project's servers.</summary>
    ProjectOpen = 1 << 15,
    /// <summary>Action request bodies are not validated against Nova's schemas (no 400 for an undocumented parameter).</summary>
    LenientBodies = 1 << 16,
    /// <summary>A request above the maximum microversion is served at the maximum instead of 406.</summary>
    No406 = 1 << 17,
    /// <summary>The 406 for a microversion outside the range does not name the range.</summary>
    Vague406 = 1 << 18,
    /// <summary>Once a server has been acted on (any action after its create), GET shows its status in lower case.</summary>
    LowercaseStatus = 1 << 19,
    /// <summary>A pause refused with 409 (the server's status does not allow it) locks the server all the same.</summary>
    RefusalLocks = 1 << 20,
}

/// <summary>
/// A set of <see cref="Fault"/>s, parsed from names such as "wrong-code,no-microversion-echo".
/// <see cref="None"/> is a faithful simulator.
/// </summary>
public sealed record FaultProfile(Fault Faults)
{
    private static readonly (string Name, Fault Fault, string Breaks)[] Known =
    [
        ("wrong-code", Fault.WrongCode, "accepted actions answer 200 instead of their normal code"),
        ("missing-409", Fault.Missing409, "state preconditions are not enforced (no 409 from a wrong status)"),
        ("wrong-settled-status", Fault.WrongSettledStatus, "asynchronous actions settle to the status the server had before"),
        ("body-where-none", Fault.BodyWhereNone, "actions that answer without a body get a JSON body"),
        ("no-microversion-echo", Fault.NoMicroversionEcho, "microversion response headers are left out"),
        ("extra-field", Fault.ExtraField, "GET server carries an undocumented field"),
        ("wrong-error-shape", Fault.WrongErrorShape, "error bodies lose their {\"kind\": {...}} wrapper"),
        ("lock-ignored", Fault.LockIgnored, "members can act on a server an admin locked"),
        ("policy-open", Fault.PolicyOpen, "members can run admin-only actions, readers members' actions"),
        ("stuck", Fault.Stuck, "transitions started by actions never finish"),
        ("error-on-action", Fault.ErrorOnAction, "asynchronous actions leave the server in ERROR with a fault"),
        ("http-500", Fault.Http500, "every server action answers 500"),
        ("garbage", Fault.Garbage, "server actions answer a body that is not JSON"),
        ("not-implemented", Fault.NotImplemented, "actions that document 501 answer 501 (the driver does not implement them)"),
        ("project-open", Fault.ProjectOpen, "a member of another project can find and act on the owner's servers"),
        ("lenient-bodies", Fault.LenientBodies, "action request bodies are not validated (a parameter the microversion does not have is accepted)"),
        ("no-406", Fault.No406, "a request above the maximum microversion is served at the maximum instead of 406"),
        ("vague-406", Fault.Vague406, "the 406 for a microversion outside the range does not name the range"),
        ("lowercase-status", Fault.LowercaseStatus, "once a server has been acted on, GET shows its status in lower case (outside Nova's enum)"),
        ("refusal-locks", Fault.RefusalLocks, "a pause refused with 409 for the server's status locks the server all the same"),
        ("no-effect", Fault.NoEffect, "actions settle without their effect: flavor, image, host, security groups, floating IPs and the console output's length stay as they were"),
    ];

    /// <summary>No fault: the simulator follows Nova.</summary>
    public static FaultProfile None { get; } = new(Fault.None);

    /// <summary>The names accepted by <see cref="Parse"/>, with the rule each one breaks.</summary>
    public static IReadOnlyList<(string Name, Fault Fault, string Breaks)> Catalogue => Known;

    public bool Has(Fault fault) => (Faults & fault) == fault && fault != Fault.None;

    public bool IsNone => Faults == Fault.None;

    /// <summary>The names of the faults in this profile, in catalogue order.</summary>
    public IReadOnlyList<string> Names => Known.Where(k => Has(k.Fault)).Select(k => k.Name).ToList();

    public static FaultProfile operator |(FaultProfile a, FaultProfile b) => new(a.Faults | b.Faults);

    public static FaultProfile Of(params Fault[] faults) => new(faults.Aggregate(Fault.None, (a, f) => a | f));

    /// <summary>Parses comma-separated names ("wrong-code,stuck"); "" and "none" give <see cref="None"/>.</summary>
    public static FaultProfile Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return None;
        var result = Fault.None;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Known.FirstOrDefault(k => k.Name.Equals(raw, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
                throw new FormatException($"'{raw}' is not a fault profile; known: {string.Join(", ", Known.Select(k => k.Name))}.");
            result |= match.Fault;
        }
        return new FaultProfile(result);
    }

    public override string ToString() => IsNone ? "none" : string.Join(",", Names);
}
