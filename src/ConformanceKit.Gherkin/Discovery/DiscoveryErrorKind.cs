namespace ConformanceKit.Gherkin;

public enum DiscoveryErrorKind
{
    /// <summary>A feature file does not parse.</summary>
    ParseError,
    /// <summary>No step definition matches a step.</summary>
    UndefinedStep,
    /// <summary>Two or more step definitions match a step.</summary>
    AmbiguousStep,
    /// <summary>A step matches, but a value in it cannot be converted, or its table/doc string does not fit the method.</summary>
    InvalidArgument,
    /// <summary>A binding (step definition, hook or parameter type) is declared wrongly.</summary>
    InvalidBinding,
    /// <summary>Two scenarios have the same id.</summary>
    DuplicateId,
}
