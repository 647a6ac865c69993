namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// The running kernel lacks something a lab feature needs (e.g. the netem qdisc). Not a bug in the suite nor in the
/// router under test: a scenario that needs it cannot be judged on this machine, which steps report as inconclusive.
/// </summary>
public sealed class KernelFeatureMissingException(string feature, string message) : Exception(message)
{
    public string Feature { get; } = feature;
}
