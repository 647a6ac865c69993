namespace NetnsBdd.Support.Bdd;

/// <summary>No step definition matches a step; the message carries a ready-to-paste snippet.</summary>
public sealed class UndefinedStepException(string stepText, string snippet)
    : Exception($"No matching step definition found for the step '{stepText}'. Use the following code to create one:{Environment.NewLine}{Environment.NewLine}{snippet}")
{
    public string StepText { get; } = stepText;

    public string Snippet { get; } = snippet;
}
