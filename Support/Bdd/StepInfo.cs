namespace NetnsBdd.Support.Bdd;

/// <summary>The step being run: its effective type (And/But resolved), keyword as written, and text.</summary>
public sealed record StepInfo(StepDefinitionType? StepDefinitionType, string Keyword, string Text);
