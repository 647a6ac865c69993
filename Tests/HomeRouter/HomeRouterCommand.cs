using System.Globalization;

namespace NetnsBdd.Tests.HomeRouter;

/// <summary>
/// `dotnet NetnsBdd.dll home-router up|check|down`: the emulation for a shell (the CI), which runs the real-router
/// features against it in uplink mode between `up` and `down`.
/// <list type="bullet">
/// <item>`up [--host-address] [--owner PID]` builds one and prints one line: name, uplink interface, URL of its 16 MiB
/// file, shaper rate in Mbit/s, upload URL, upstream rate in Mbit/s, URL of the same file over IPv6 (a bracketed
/// literal in the emulation's ULA prefix, routed without NAT66). With --owner, a later start reaps it once that process is gone.</item>
/// <item>`check NAME` prints what the router saw (leases, DHCPv6 leases, NAT connections) and fails when the uplink is not as it was at
/// `up`, or (with a host address) the host cannot reach the router from its own namespace.</item>
/// <item>`down NAME` tears it down.</item>
/// </list>
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class HomeRouterCommand
{
    public const string Verb = "home-router";

    private const string Usage = "usage: home-router up [--host-address] [--owner PID] | check NAME | down NAME";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            switch (args)
            {
                case ["up", .. var options]:
                    return await UpAsync(options, output);
                case ["check", var name]:
                    return await CheckAsync(HomeRouter.Attach(name), output, error);
                case ["down", var name]:
                    await HomeRouter.StopAsync(HomeRouter.Attach(name).Name);
                    output.WriteLine($"home-router {name} removed");
                    return 0;
                default:
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            error.WriteLine($"home-router: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> UpAsync(string[] options, TextWriter output)
    {
        var hostAddress = options.Contains("--host-address");
        var ownerAt = options.ToList().IndexOf("--owner");
        int? owner = ownerAt >= 0 && ownerAt + 1 < options.Length
            ? int.Parse(options[ownerAt + 1], CultureInfo.InvariantCulture)
            : 0;
        var router = await HomeRouter.StartAsync(hostAddress, owner);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{router.Name} {router.Uplink} {HomeRouter.FileUrl("16M.bin")} {HomeRouter.RateMbps} {HomeRouter.UploadUrl} {HomeRouter.UpstreamRateMbps} {router.Ipv6FileUrl("16M.bin")}"));
        return 0;
    }

    private static async Task<int> CheckAsync(HomeRouter router, TextWriter output, TextWriter error)
    {
        var problems = new List<string>();
        var leases = router.Leases();
        output.WriteLine($"home-router {router.Name}: {leases.Count} leases handed out ({leases.Select(l => l.Address).Distinct().Count()} distinct addresses), " +
                         $"{router.Leases6().Count} DHCPv6 leases, {await router.NatConnectionsAsync()} connections NATed to the WAN");
        var changes = await router.UplinkChangesAsync();
        problems.AddRange(changes.Select(c => $"uplink {router.Uplink} not as it was: {c}"));
        if (router.UplinkAtStart.GlobalAddresses.Count > 0 && !await HomeRouter.HostReachesRouterAsync())
        {
            problems.Add($"the host no longer reaches the router at {HomeRouter.LanGateway} through {router.Uplink}");
        }

        foreach (var problem in problems)
        {
            error.WriteLine($"home-router check: {problem}");
        }

        output.WriteLine(problems.Count == 0 ? $"home-router {router.Name}: uplink {router.Uplink} as it was ({router.UplinkAtStart})" : "home-router check FAILED");
        return problems.Count == 0 ? 0 : 1;
    }
}
