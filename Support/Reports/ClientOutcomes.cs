using NetnsBdd.Drivers.Downloads;

namespace NetnsBdd.Support.Reports;

/// <summary>Folds a download's detailed outcome into the three a chart shows.</summary>
public static class ClientOutcomes
{
    public static ClientOutcome Of(ClientDownloadResult result) =>
        result.Success ? ClientOutcome.Ok : result.Interrupted ? ClientOutcome.Interrupted : ClientOutcome.Failed;
}
