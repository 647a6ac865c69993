using NetnsBdd.Support.Bdd;

namespace NetnsBdd.Support.Reports.Html;

/// <summary>One finished scenario as the HTML report shows it.</summary>
public sealed record ReportedScenario(
    string FeatureName,
    string TestName,
    string ScenarioName,
    ReportedOutcome Outcome,
    ScenarioExecutionStatus Status,
    TimeSpan Duration,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ReportedStep> Steps,
    string? FailureMessage);
