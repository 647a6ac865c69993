using System.Net;
using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Processes;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

/// <summary>The wget engine's neighbour warm-up against the embedded lab, from flushed neighbour tables.</summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class NeighbourWarmUpLabTests
{
    private const int Clients = 10;
    private readonly CommandRunner _runner = new();

    [Test]
    public async Task Every_client_and_the_router_know_each_others_mac_afterwards_and_the_server_logs_no_transfer(CancellationToken cancellationToken)
    {
        if (!Privileges.IsRoot)
        {
            Assert.Ignore("Lab tests make network namespaces and need root; run the suite as root (e.g. in CI).");
        }

        await using var lab = await DownloadLab.StartAsync(Clients, cancellationToken);
        foreach (var ns in lab.Namespaces.Append(lab.Lab.RouterNamespace))
        {
            await _runner.ExecuteAsync(new Command("ip", "-n", ns, "neigh", "flush", "all").AsRoot(), cancellationToken);
        }

        var server = new IPEndPoint(lab.Server.HttpEndPoint.Address, lab.Server.HttpEndPoint.Port);
        await NeighbourWarmUp.RunAsync(lab.Namespaces, server, cancellationToken);

        foreach (var ns in lab.Namespaces)
        {
            (await KnownNeighboursAsync(ns, cancellationToken)).Should().NotBeEmpty("{0} resolved its gateway", ns);
        }

        var routerKnows = await KnownNeighboursAsync(lab.Lab.RouterNamespace, cancellationToken);
        routerKnows.Should().Contain(lab.AddressOfNamespace.Values);
        await Task.Delay(200, cancellationToken);
        lab.Server.Transfers.Should().BeEmpty("the warm-up connects send no request");
    }

    private async Task<IReadOnlyList<string>> KnownNeighboursAsync(string ns, CancellationToken cancellationToken)
    {
        var shown = await _runner.ExecuteAsync(new Command("ip", "-n", ns, "neigh", "show").AsRoot(), cancellationToken);
        return [.. shown.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains("lladdr", StringComparison.Ordinal) && !line.Contains("FAILED", StringComparison.Ordinal))
            .Select(line => line.Split(' ')[0])];
    }
}
