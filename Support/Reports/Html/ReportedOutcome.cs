namespace NetnsBdd.Support.Reports.Html;

/// <summary>The three outcomes the summary counts, as NUnit reports the scenario.</summary>
public enum ReportedOutcome
{
    Passed,
    Failed,

    /// <summary>Inconclusive or ignored (Assert.Inconclusive/Ignore in a step): the check could not be made.</summary>
    Skipped,
}
