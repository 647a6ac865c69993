namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// The lab's TCP congestion control (Lab:CongestionControl), so a feature's latency verdict does not depend on the
/// host's default: a new network namespace inherits the host's (BBR on this CI machine, cubic on a Pi), and BBR keeps a
/// deep queue nearly empty where cubic fills it.
/// <para>Why a route's congctl and not the namespace's sysctl: a namespace other than the host's may only make an
/// algorithm its default when tcp_allowed_congestion_control lists it (the kernel answers EPERM otherwise), and on a
/// host whose default is BBR that list is often "reno bbr", so cubic would be refused; widening it is a host-wide change.
/// A congctl on a route is root's choice and has no such limit: every connection a client opens through its default
/// route (wget's, the native engine's, a probe's) starts with it. The server keeps its own, per listening socket: a
/// route's congctl would override what a listener chose for the connections it accepts, and the scenario's step "the
/// server's TCP congestion control is ..." must win.</para>
/// </summary>
public static class CongestionControl
{
    public const string AvailablePath = "/proc/sys/net/ipv4/tcp_available_congestion_control";

    /// <summary>A problem with <paramref name="name"/> as a setting (not a kernel's name shape), or null; empty is allowed.</summary>
    public static string? NameProblem(string? name) =>
        name is null || name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') && name.Length <= 15
            ? null
            : $"Lab:CongestionControl '{name}' is not a TCP congestion control name; use e.g. cubic (the default), reno or " +
              "bbr, or leave it empty for the host's default.";

    /// <summary>What this kernel offers (its loaded algorithms), in its own order.</summary>
    public static IReadOnlyList<string> Available() =>
        File.Exists(AvailablePath)
            ? File.ReadAllText(AvailablePath).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>
    /// Throws <see cref="LabSetupException"/>, naming what the kernel has and the fix, when <paramref name="name"/> is set
    /// and not loaded: checked before the lab makes anything.
    /// </summary>
    public static void RequireAvailable(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        var available = Available();
        if (!available.Contains(name, StringComparer.Ordinal))
        {
            throw new LabSetupException(
                $"Lab:CongestionControl is '{name}', which this kernel does not offer: {AvailablePath} lists " +
                $"{(available.Count > 0 ? string.Join(' ', available) : "nothing")}. Fix: load it with `modprobe tcp_{name}`, " +
                "or set Lab:CongestionControl to one of those (cubic, the Linux default, is what the suite's figures assume).");
        }
    }

    /// <summary>The words to append to an `ip route` line so its connections use <paramref name="name"/>; empty for none.</summary>
    public static string RouteSuffix(string? name) => string.IsNullOrEmpty(name) ? "" : $" congctl {name}";
}
