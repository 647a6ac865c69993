using System.Diagnostics;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;
using NUnit.Framework;

namespace NetnsBdd.Tests.Server;

/// <summary>
/// The download server must never be the bottleneck of a router test: its goodput over the same namespaces, clients
/// and bridge is compared with nginx's (sendfile from tmpfs). Prints figures only; timing on a shared 2-core
/// machine is too noisy for an assertion.
/// </summary>
[TestFixture]
[Category("benchmark")]
[Explicit("Moves tens of GB through namespaces for a minute; run on purpose: dotnet test --filter TestCategory=benchmark")]
[NonParallelizable]
public sealed class BenchmarkTests
{
    private const int Clients = 10;
    private const long Size = 256L * 1024 * 1024;
    private const int Rounds = 2;

    private readonly CommandRunner _runner = new();

    [Test]
    [CancelAfter(600_000)]
    public async Task Goodput_of_ten_wget_clients_against_nginx(CancellationToken cancellationToken)
    {
        Assume.That(Privileges.IsRoot, "the benchmark makes network namespaces and needs root");
        ToolCatalog.Require("ip", "wget", "nginx");
        await using var topology = await TestTopology.CreateAsync(_runner, Clients, cancellationToken);
        await using var server = await DownloadServer.StartAsync(
            DownloadServerOptions.InNamespace(topology.ServerNamespace, TestTopology.ServerAddress), cancellationToken);
        await using var nginx = await NginxReference.StartAsync(_runner, topology, TestTopology.ServerAddress, Size, cancellationToken);

        var best = new Dictionary<string, double>();
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var (name, url, ca) in new (string, Uri, string?)[]
                     {
                         ("kestrel http", server.HttpUrl(Size), null),
                         ("nginx http", nginx.Url, null),
                         ("kestrel https", server.HttpsUrl(Size), server.CaCertificatePath),
                     })
            {
                var gbits = await MeasureAsync(topology, url, ca, cancellationToken);
                best[name] = Math.Max(best.GetValueOrDefault(name), gbits);
                await TestContext.Out.WriteLineAsync($"round {round}: {name,-14} {gbits,6:0.00} Gbit/s");
            }
        }

        var sent = server.Transfers.Where(t => t.Outcome == TransferOutcome.Completed).Sum(t => t.BytesWritten);
        await TestContext.Out.WriteLineAsync(
            $"best of {Rounds}, {Clients} clients x {Size / (1024 * 1024)} MiB: kestrel http {best["kestrel http"]:0.00} Gbit/s, " +
            $"nginx http {best["nginx http"]:0.00} Gbit/s, ratio {best["kestrel http"] / best["nginx http"]:0.00} (goal >= 0.9), " +
            $"kestrel https {best["kestrel https"]:0.00} Gbit/s; kestrel sent {sent / 1e9:0.0} GB in completed transfers");
        Assert.That(sent, Is.EqualTo(2L * Rounds * Clients * Size), "every Kestrel download completed in full");
    }

    /// <summary>All clients start together; goodput is the payload of all of them over the time until the last ends.</summary>
    private async Task<double> MeasureAsync(TestTopology topology, Uri url, string? caCertificate, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client =>
            _runner.ExecuteAsync(Wget.Download(topology, client, url, caCertificate: caCertificate), cancellationToken)));
        clock.Stop();
        return Clients * Size * 8 / clock.Elapsed.TotalSeconds / 1e9;
    }
}
