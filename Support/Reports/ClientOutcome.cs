namespace NetnsBdd.Support.Reports;

/// <summary>The three ways a chart tells clients apart; finer reasons stay in results.json.</summary>
public enum ClientOutcome
{
    Ok,

    /// <summary>Killed by the time limit: it did share the link, so its bar still counts.</summary>
    Interrupted,
    Failed,
}
