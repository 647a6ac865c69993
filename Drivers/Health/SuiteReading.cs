namespace NetnsBdd.Drivers.Health;

/// <summary>The suite's own processes in one sample: the test host and everything it started (see <see cref="SuiteProcesses"/>).</summary>
/// <param name="CpuPercent">
/// Their CPU time over the sample's interval as a share of all cores' time, the same scale as the host's CPU %; null
/// for a reading with no earlier one to measure from.
/// </param>
/// <param name="RssBytes">Their resident memory at the sample's instant.</param>
/// <param name="Processes">How many processes that was, the test host included.</param>
public sealed record SuiteReading(double? CpuPercent, long RssBytes, int Processes)
{
    private const double BytesPerMegabyte = 1024.0 * 1024.0;

    public double RssMegabytes => RssBytes / BytesPerMegabyte;
}
