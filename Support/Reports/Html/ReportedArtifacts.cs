namespace NetnsBdd.Support.Reports.Html;

/// <summary>
/// What a product hook attached to a scenario: key figures and charts. The PNGs are read when attached, so the
/// report is complete even if the files are moved or cleaned up before it is written.
/// </summary>
public sealed record ReportedArtifacts(IReadOnlyList<KeyValuePair<string, string>> Figures, IReadOnlyList<ReportedChart> Charts);

/// <summary>An attached PNG (<see cref="Content"/>), or why it could not be read (<see cref="Problem"/>).</summary>
public sealed record ReportedChart(string Name, byte[]? Content, string? Problem);
