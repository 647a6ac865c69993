using System.Globalization;
using NetnsBdd.Drivers.Scheduling;

namespace NetnsBdd.Support.Settings;

/// <summary>`Fleet` section: who this host is among several on one router, and how sure of its clock it must be.</summary>
public sealed class FleetSettings
{
    public const string SectionPath = "Fleet";

    public const int MaxHostLength = 63;

    /// <summary>
    /// This host's name in results.json, the run folder's name and the merged fleet report; empty means the machine's
    /// host name (its first label). Letters, digits, '-' and '_', starting with a letter or digit, at most 63.
    /// </summary>
    public string Host { get; set; } = "";

    /// <summary>The largest clock error (the kernel's maximum-error bound) a start at Download:StartAt accepts.</summary>
    public double MaxClockErrorMs { get; set; } = ClockPolicy.DefaultMaxErrorMilliseconds;

    /// <summary>Start at Download:StartAt without a synchronised clock: only for runs that share one machine's clock.</summary>
    public bool AllowUnsynchronisedClock { get; set; }

    /// <summary><see cref="Host"/>, or the machine's host name up to its first dot.</summary>
    public string EffectiveHost => Host.Length > 0 ? Host : Environment.MachineName.Split('.')[0];

    public ClockPolicy ClockPolicy => new(MaxClockErrorMs, AllowUnsynchronisedClock);

    /// <summary>Start instants checked and awaited on the kernel's clock under this policy (the run's and each scenario's).</summary>
    public ScheduledStart StartSchedule() => new(new KernelClock(), ClockPolicy);

    /// <summary>Null when <paramref name="host"/> is a usable host identity, else why not.</summary>
    public static string? HostProblem(string host) =>
        host.Length is > 0 and <= MaxHostLength && char.IsAsciiLetterOrDigit(host[0]) && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? null
            : $"is '{host}'; a host name may hold only ASCII letters, digits, '-' and '_', must start with a letter or digit and be 1 to {MaxHostLength} characters long (it names the run folder and the host in a fleet report)";

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HostProblem(EffectiveHost) is { } problem)
        {
            problems.Add(Host.Length > 0
                ? $"{SectionPath}:Host {problem}."
                : $"{SectionPath}:Host is empty and this machine's host name {problem[3..]}; set {SectionPath}:Host (e.g. NBDD_Fleet__Host=pi-01).");
        }

        if (!(MaxClockErrorMs > 0 && MaxClockErrorMs <= 60_000))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionPath}:MaxClockErrorMs is {MaxClockErrorMs}; use milliseconds above 0 and at most 60000 (default 50)."));
        }

        return problems;
    }
}
