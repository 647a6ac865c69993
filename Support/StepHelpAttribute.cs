namespace NetnsBdd.Support;

/// <summary>
/// What a step measures and how strictly, for the step catalogue QA engineers write features from. Lives outside
/// the binding layer so it stays when the layer is swapped for Reqnroll.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepHelpAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}
