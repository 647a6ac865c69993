namespace NetnsBdd.Support.Bdd;

/// <summary>Why a .feature file did not parse, with the position of the (first) problem.</summary>
public sealed record FeatureParseError(string FilePath, int Line, int Column, string Message)
{
    /// <summary>The failure text of the one test a broken file gets: file, line, column, what and the fix.</summary>
    public string ToFailureMessage() =>
        $"The feature file {FilePath} does not parse at line {Line}, column {Column}: {Message}{Environment.NewLine}" +
        "Fix the Gherkin there; until then none of its scenarios can run.";

    public override string ToString() => $"{FilePath}({Line},{Column}): {Message}";
}
