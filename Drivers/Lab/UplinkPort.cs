using System.Text.Json;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// What the host's interface to the router under test looks like, as `ip -j` reports it in the host's namespace: up or
/// down, carrier, bridge master, MTU, MAC, global addresses and whether a default route leaves through it. Read before
/// the lab touches the port (to choose the attach mode and refuse a port that cannot be used) and compared after
/// teardown, so "the interface comes back as it was" is checked, not assumed.
/// </summary>
public sealed record UplinkPort(
    string Name,
    bool AdminUp,
    bool Carrier,
    string? Master,
    int Mtu,
    string Mac,
    IReadOnlyList<string> GlobalAddresses,
    bool CarriesDefaultRoute)
{
    /// <summary>The port as it is now; null when no interface of that name exists in the host's namespace.</summary>
    public static async Task<UplinkPort?> InspectAsync(LabHost host, string name, CancellationToken cancellationToken = default)
    {
        var link = await host.RunAsync(new Command("ip", "-j", "link", "show", "dev", name), cancellationToken).ConfigureAwait(false);
        if (!link.Succeeded)
        {
            return null;
        }

        var addresses = await host.ExecuteAsync(new Command("ip", "-j", "addr", "show", "dev", name), cancellationToken).ConfigureAwait(false);
        var routes4 = await host.ExecuteAsync(new Command("ip", "-j", "-4", "route", "show", "default"), cancellationToken).ConfigureAwait(false);
        var routes6 = await host.ExecuteAsync(new Command("ip", "-j", "-6", "route", "show", "default"), cancellationToken).ConfigureAwait(false);
        var own4 = await host.RunAsync(new Command("ip", "-j", "-4", "route", "show", "dev", name), cancellationToken).ConfigureAwait(false);
        var own6 = await host.RunAsync(new Command("ip", "-j", "-6", "route", "show", "dev", name), cancellationToken).ConfigureAwait(false);
        return Parse(name, link.StandardOutput, addresses.StandardOutput, [routes4.StandardOutput, routes6.StandardOutput]) with
        {
            Ipv6Settings = ReadIpv6Settings(name),
            Routes = [.. RoutesOf(own4.StandardOutput).Concat(RoutesOf(own6.StandardOutput)).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// Every route of the host's through the port, both families (destination, gateway, origin): a macvlan lab must
    /// leave them as they were, IPv6's from the router's advertisements included.
    /// </summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    private static IEnumerable<string> RoutesOf(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var routes = JsonDocument.Parse(json);
        return [.. routes.RootElement.EnumerateArray().Select(r =>
            r.GetProperty("dst").GetString() +
            (r.TryGetProperty("gateway", out var via) ? " via " + via.GetString() : "") +
            (r.TryGetProperty("protocol", out var proto) ? " proto " + proto.GetString() : ""))];
    }

    /// <summary>
    /// The port's own IPv6 settings that a move between namespaces resets to the namespace's defaults: whether it takes
    /// router advertisements, autoconfigures, or has IPv6 at all. A dedicated port with accept_ra=0 would otherwise come
    /// back taking the router's advertisements, and the host would gain an address and a default route through it.
    /// </summary>
    public IReadOnlyDictionary<string, string> Ipv6Settings { get; init; } = new Dictionary<string, string>();

    public static readonly string[] Ipv6SettingNames = ["disable_ipv6", "accept_ra", "autoconf"];

    private static Dictionary<string, string> ReadIpv6Settings(string name)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in Ipv6SettingNames)
        {
            var path = Path.Combine("/proc/sys/net/ipv6/conf", name, setting);
            if (File.Exists(path))
            {
                settings[setting] = File.ReadAllText(path).Trim();
            }
        }

        return settings;
    }

    /// <summary>Parses `ip -j link show`, `ip -j addr show` and `ip -j route show default` output (the seam for unit tests).</summary>
    public static UplinkPort Parse(string name, string linkJson, string addrJson, IEnumerable<string> defaultRoutesJson)
    {
        using var link = JsonDocument.Parse(linkJson);
        var l = link.RootElement[0];
        var flags = l.TryGetProperty("flags", out var f) ? f.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
        using var addr = JsonDocument.Parse(string.IsNullOrWhiteSpace(addrJson) ? "[]" : addrJson);
        var global = addr.RootElement.EnumerateArray()
            .SelectMany(a => a.TryGetProperty("addr_info", out var info) ? info.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(i => i.TryGetProperty("scope", out var scope) && scope.GetString() == "global")
            .Select(i => $"{i.GetProperty("local").GetString()}/{i.GetProperty("prefixlen").GetInt32()}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        var carriesDefault = defaultRoutesJson.Any(json =>
        {
            using var routes = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
            return routes.RootElement.EnumerateArray().Any(r => r.TryGetProperty("dev", out var dev) && dev.GetString() == name);
        });
        return new UplinkPort(
            name,
            flags.Contains("UP"),
            flags.Contains("LOWER_UP"),
            l.TryGetProperty("master", out var master) ? master.GetString() : null,
            l.TryGetProperty("mtu", out var mtu) ? mtu.GetInt32() : 0,
            l.TryGetProperty("address", out var mac) ? mac.GetString() ?? "" : "",
            global,
            carriesDefault);
    }

    /// <summary>True when the host uses this port itself (addresses or the default route): taking it over cuts the host off.</summary>
    public bool HostUsesIt => GlobalAddresses.Count > 0 || CarriesDefaultRoute;

    /// <summary>
    /// The attach mode to use for <paramref name="requested"/>, or a <see cref="LabSetupException"/> naming the
    /// interface, what is wrong with it and the fix: a port that is down, has no carrier or belongs to a bridge is
    /// refused in every mode; a port the host uses is never moved into the lab (bridge mode).
    /// </summary>
    public UplinkAttach Resolve(UplinkAttach requested)
    {
        if (Master is not null)
        {
            throw new LabSetupException(
                $"Lab:UplinkInterface '{Name}' is already enslaved to '{Master}', so the lab cannot attach clients to it. " +
                $"Release it with `ip link set dev {Name} nomaster` (or remove it from '{Master}'), or wire another port to the router.");
        }

        if (!AdminUp)
        {
            throw new LabSetupException(
                $"Lab:UplinkInterface '{Name}' is down. Bring it up with `ip link set dev {Name} up` (and check that it is " +
                "the port wired to the router under test), then run again.");
        }

        if (!Carrier)
        {
            throw new LabSetupException(
                $"Lab:UplinkInterface '{Name}' is up but has no carrier: nothing answers on the wire. Check the cable to the " +
                "router's LAN port and that the router is powered on, then run again.");
        }

        var attach = requested == UplinkAttach.Auto ? (HostUsesIt ? UplinkAttach.Macvlan : UplinkAttach.Bridge) : requested;
        if (attach == UplinkAttach.Bridge && HostUsesIt)
        {
            throw new LabSetupException(
                $"Lab:UplinkAttach is Bridge, but '{Name}' carries {Usage}: bridge mode moves the port into the lab's " +
                "namespace, which would cut this host off (SSH, the CI runner's link). Use Lab:UplinkAttach=Macvlan " +
                "(the clients join the router's LAN as macvlan devices with their own MACs and the host keeps the port), " +
                "or wire a dedicated port without addresses.");
        }

        return attach;
    }

    /// <summary>What differs from <paramref name="before"/> (empty when the port is as it was).</summary>
    public IReadOnlyList<string> DifferencesFrom(UplinkPort before)
    {
        var changes = new List<string>();
        void Check<T>(string what, T was, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(was, now))
            {
                changes.Add($"{what} was {was?.ToString() ?? "none"}, now {now?.ToString() ?? "none"}");
            }
        }

        Check("admin state up", before.AdminUp, AdminUp);
        Check("master", before.Master, Master);
        Check("MTU", before.Mtu, Mtu);
        Check("MAC", before.Mac, Mac);
        Check("addresses", string.Join(' ', before.GlobalAddresses), string.Join(' ', GlobalAddresses));
        Check("default route through it", before.CarriesDefaultRoute, CarriesDefaultRoute);
        foreach (var name in Ipv6SettingNames)
        {
            Check($"IPv6 {name}", before.Ipv6Settings.GetValueOrDefault(name), Ipv6Settings.GetValueOrDefault(name));
        }

        Check("routes through it", string.Join("; ", before.Routes), string.Join("; ", Routes));

        return changes;
    }

    private string Usage => string.Join(" and ", new[]
    {
        GlobalAddresses.Count > 0 ? $"address(es) {string.Join(", ", GlobalAddresses)}" : null,
        CarriesDefaultRoute ? "the default route" : null,
    }.Where(s => s is not null));

    public override string ToString() =>
        $"{Name}: {(AdminUp ? "up" : "down")}, carrier {(Carrier ? "yes" : "no")}, mtu {Mtu}, mac {Mac}" +
        (Master is null ? "" : $", master {Master}") +
        (GlobalAddresses.Count > 0 ? $", addresses {string.Join(' ', GlobalAddresses)}" : "") +
        (CarriesDefaultRoute ? ", default route" : "");
}
