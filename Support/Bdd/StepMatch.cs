namespace NetnsBdd.Support.Bdd;

/// <summary>A step definition that matched a step's text, with the captured argument texts.</summary>
public sealed record StepMatch(StepBinding Binding, IReadOnlyList<string?> Arguments);
