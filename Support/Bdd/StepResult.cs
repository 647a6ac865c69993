using PickleStep = Io.Cucumber.Messages.Types.PickleStep;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// The outcome of one step. <see cref="Keyword"/> is as written (e.g. "And "); <see cref="Binding"/> is the matched
/// step definition, null when undefined or ambiguous; <see cref="Snippet"/> is set for an undefined step.
/// </summary>
public sealed record StepResult(
    PickleStep Step,
    string Keyword,
    string Text,
    StepStatus Status,
    TimeSpan Duration,
    Exception? Error,
    StepBinding? Binding,
    string? Snippet = null);
