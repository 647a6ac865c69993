using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Everything checked before the lab creates anything: settings, tools, privileges. Each failure is one
/// <see cref="LabSetupException"/> naming the problem and the fix, and nothing is left behind because nothing was made.
/// </summary>
public static class Preflight
{
    /// <summary>The tools the lab will run for <paramref name="settings"/>.</summary>
    public static IReadOnlyList<string> ToolsFor(LabSettings settings)
    {
        var tools = new List<string> { "ip", "tc" };
        if (settings.Mode == LabMode.Embedded)
        {
            tools.Add("sysctl");
            if (settings.EffectiveAddressing == LabAddressing.Dhcp || settings.Ipv6Addressing != Ipv6Addressing.None)
            {
                tools.Add("dnsmasq");
            }
        }

        if (settings.EffectiveAddressing == LabAddressing.Dhcp)
        {
            tools.Add("udhcpc");
        }

        if (settings.Ipv6Addressing == Ipv6Addressing.Dhcpv6)
        {
            tools.Add("dhclient");
        }

        return tools;
    }

    public static async Task CheckAsync(LabSettings settings, LabHost host, CancellationToken cancellationToken)
    {
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new LabSetupException("Lab settings are invalid:" + Environment.NewLine + "- " +
                                        string.Join(Environment.NewLine + "- ", problems));
        }

        CongestionControl.RequireAvailable(settings.CongestionControl);
        var missing = ToolsFor(settings).Where(tool => host.LocateTool(tool) is null).ToArray();
        if (missing.Length > 0)
        {
            throw new LabSetupException("The lab cannot start. " + ToolCatalog.MissingMessage(missing));
        }

        if (!host.IsRoot() && !await host.CanSudo(cancellationToken).ConfigureAwait(false))
        {
            throw new LabSetupException(
                "The lab needs root to create network namespaces, but the suite is not running as root and " +
                "`sudo -n` is not allowed without a password. Fix: run the tests as root (e.g. `sudo -E dotnet test`), " +
                "or allow passwordless sudo for ip, tc, sysctl, dnsmasq, udhcpc, dhclient and kill.");
        }

        if (settings.Mode == LabMode.Uplink && !Directory.Exists(Path.Combine("/sys/class/net", settings.UplinkInterface!)))
        {
            throw new LabSetupException(
                $"Lab:UplinkInterface '{settings.UplinkInterface}' does not exist in this network namespace. " +
                "Set it to the interface wired to the router under test, as `ip link` lists it.");
        }
    }
}
