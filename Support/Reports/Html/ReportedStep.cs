using NetnsBdd.Support.Bdd;

namespace NetnsBdd.Support.Reports.Html;

/// <summary>One step (or a failed hook) as the HTML report shows it.</summary>
public sealed record ReportedStep(string Keyword, string Text, StepStatus Status, TimeSpan Duration, string? ErrorMessage);
