namespace NetnsBdd.Support.Bdd;

/// <summary>More than one step definition matches a step; the message lists each with its file and line.</summary>
public sealed class AmbiguousStepException(string stepText, IReadOnlyList<StepBinding> bindings)
    : Exception(
        $"Ambiguous step definitions found for step '{stepText}'; make the expressions distinct or delete one:{Environment.NewLine}" +
        string.Join(Environment.NewLine, bindings.Select(b => "  " + b)))
{
    public IReadOnlyList<StepBinding> Bindings { get; } = bindings;
}
