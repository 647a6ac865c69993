namespace NetnsBdd.Support.Bdd;

/// <summary>Why a .feature file did not parse, with the position of the (first) problem.</summary>
public sealed record FeatureParseError(string FilePath, int Line, int Column, string Message)
{
    public override string ToString() => $"{FilePath}({Line},{Column}): {Message}";
}
