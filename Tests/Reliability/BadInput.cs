namespace NetnsBdd.Tests.Reliability;

/// <summary>One hostile input of the table in docs/bad-inputs.md: what was given, where, and a fragment its error must name.</summary>
/// <param name="Expected">A fragment the error must contain; null when the input is accepted (shown as "accepted").</param>
public sealed record BadInput(string Where, string Input, string? Expected)
{
    public override string ToString() => $"{Where}: {Input}";
}
