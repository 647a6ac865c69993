using System.Text.Json;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.Downloads;

/// <summary>
/// What the lab's path carries with no HTTP server or client in the way: one one-shot `iperf3 -s -1` per client on
/// its own port in the server namespace and one `iperf3 -c` per client namespace, all at once; the sum of the
/// receivers' bits per second. Downloads: `-R` (reverse: the client receives); uploads: without it (the client sends).
/// </summary>
internal static class Iperf3Reference
{
    private const int FirstPort = 5201;

    public static async Task<double> MeasureMbpsAsync(NamespaceLab lab, int seconds, CancellationToken cancellationToken, bool upload = false)
    {
        ToolCatalog.Require("iperf3");
        var runner = new CommandRunner();
        var server = lab.Server!;
        var servers = lab.Clients.Select((_, i) => BackgroundProcess.Start(runner, lab.InNamespace(
            server.Namespace, new Command("iperf3", "-s", "-1", "-B", server.Address.ToString(), "-p", (FirstPort + i).ToString())))).ToArray();
        try
        {
            await WaitListeningAsync(runner, lab, server.Namespace, servers.Length, cancellationToken);
            var clients = lab.Clients.Select((c, i) => runner.ExecuteAsync(lab.InNamespace(c.Namespace, new Command(
                "iperf3", ["-c", server.Address.ToString(), "-p", (FirstPort + i).ToString(), .. upload ? Array.Empty<string>() : ["-R"], "-t", seconds.ToString(), "-J"])),
                cancellationToken));
            var reports = await Task.WhenAll(clients);
            return reports.Sum(r => ReceiverBitsPerSecond(r.StandardOutput)) / 1e6;
        }
        finally
        {
            foreach (var process in servers)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static double ReceiverBitsPerSecond(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
    }

    private static async Task WaitListeningAsync(CommandRunner runner, NamespaceLab lab, string ns, int count, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var listening = await runner.ExecuteAsync(lab.InNamespace(ns, new Command("ss", "-Htln")), cancellationToken);
            if (listening.StandardOutput.Split('\n').Count(l => l.Contains(":52", StringComparison.Ordinal)) >= count)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"{count} iperf3 servers did not all listen in {ns} within 5 s.");
    }
}
