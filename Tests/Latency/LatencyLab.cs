using System.Globalization;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Support.Settings;
using NetnsBdd.Tests.Lab;

namespace NetnsBdd.Tests.Latency;

/// <summary>An embedded lab with the latency probe client and the download server, and one probed download.</summary>
internal sealed class LatencyLab : IAsyncDisposable
{
    private LatencyLab(NamespaceLab lab, DownloadServer server)
    {
        Lab = lab;
        Server = server;
    }

    public NamespaceLab Lab { get; }

    public DownloadServer Server { get; }

    public IReadOnlyList<string> Namespaces => [.. Lab.Clients.Select(c => c.Namespace)];

    /// <param name="ipv6">Clients with SLAAC addresses and a server listening on its IPv6 address too; the downloads and
    /// probes then go over IPv6.</param>
    public static async Task<LatencyLab> StartAsync(int clients, CancellationToken cancellationToken = default, bool ipv6 = false)
    {
        var lab = await NamespaceLab.StartAsync(new LabSettings
        {
            Clients = clients, ProbeClient = true, Ipv6Addressing = ipv6 ? Ipv6Addressing.Slaac : Ipv6Addressing.None,
        }, cancellationToken: cancellationToken);
        try
        {
            var server = lab.RegisterForTeardown(await DownloadServer.StartAsync(
                DownloadServerOptions.InNamespace(lab.Server!.Namespace, lab.Server.Address) with { Ipv6Address = lab.Server.Ipv6Address }, cancellationToken));
            return new LatencyLab(lab, server);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public DownloadRequest Request(long bytes, double timeoutSeconds = 120) =>
        new(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{Host}:80/bytes/{bytes}")), TimeSpan.FromSeconds(timeoutSeconds))
        {
            ExpectedBytes = bytes,
            Family = Lab.Server!.Ipv6Address is null ? null : System.Net.Sockets.AddressFamily.InterNetworkV6,
        };

    private string Host => Lab.Server!.Ipv6Address is { } six ? $"[{six}]" : Lab.Server.Address.ToString();

    /// <summary>Every client downloads <paramref name="bytes"/>, with the probes around it unless <paramref name="probes"/> is null.</summary>
    public async Task<(DownloadRun Run, LatencyMeasurement? Latency)> DownloadAsync(
        long bytes, LatencySettings? probes, CancellationToken cancellationToken = default)
    {
        var manager = new DownloadManager(new WgetEngine(new CommandRunner()), TestContext.Out);
        var request = Request(bytes);
        if (probes is null)
        {
            return (await manager.StartParallelDownloadAsync(Namespaces, request, cancellationToken), null);
        }

        var plan = await LatencyPlan.ForAsync(Lab.Clients, Lab.ProbeClient, request.Url, Server, probes.SampledClients,
            request.Family ?? System.Net.Sockets.AddressFamily.InterNetwork, cancellationToken);
        await using var session = await new LatencyDriver(probes, TestContext.Out).StartAsync(plan, cancellationToken);
        session.LoadStarting();
        var run = await manager.StartParallelDownloadAsync(Namespaces, request, cancellationToken);
        return (run, await session.FinishAsync(run, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        var prefix = Lab.Names.Prefix;
        await Lab.DisposeAsync();
        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty("teardown removes every namespace, process and file of the run");
    }
}
