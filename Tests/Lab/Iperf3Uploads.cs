using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.Lab;

/// <summary>
/// Uploads with no HTTP in the way: one one-shot `iperf3 -s -1` per sender on its own port in the server namespace and
/// one `iperf3 -c` per client namespace (forward: the client sends, the direction of an upload), all at once; each
/// receiver's bits per second. And ping's round trips from a client to the server, whose path crosses the upstream.
/// </summary>
internal static partial class Iperf3Uploads
{
    private const int FirstPort = 5301;

    /// <summary>Each of <paramref name="senders"/>'s goodput in Mbit/s as the server received it; <paramref name="reverse"/> marks downloads (-R).</summary>
    public static async Task<double[]> MeasureMbpsAsync(
        NamespaceLab lab, IReadOnlyList<LabClient> senders, int seconds, CancellationToken cancellationToken, IReadOnlyList<bool>? reverse = null)
    {
        ToolCatalog.Require("iperf3");
        var runner = new CommandRunner();
        var server = lab.Server!;
        var servers = senders.Select((_, i) => BackgroundProcess.Start(runner, lab.InNamespace(
            server.Namespace, new Command("iperf3", "-s", "-1", "-B", server.Address.ToString(), "-p", Port(i))))).ToArray();
        try
        {
            await WaitListeningAsync(runner, lab, server.Namespace, servers.Length, cancellationToken);
            var clients = senders.Select((c, i) => runner.ExecuteAsync(lab.InNamespace(c.Namespace, new Command("iperf3", [
                "-c", server.Address.ToString(), "-p", Port(i), "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J",
                .. reverse?[i] == true ? ["-R"] : Array.Empty<string>()])), cancellationToken));
            var reports = await Task.WhenAll(clients);
            return [.. reports.Select(r => ReceiverBitsPerSecond(r.StandardOutput) / 1e6)];
        }
        finally
        {
            foreach (var process in servers)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>Round trips of pings from <paramref name="ns"/> to <paramref name="address"/>, one every 0.2 s for <paramref name="seconds"/>.</summary>
    public static async Task<double[]> PingMillisecondsAsync(NamespaceLab lab, string ns, System.Net.IPAddress address, int seconds, CancellationToken cancellationToken)
    {
        var result = await new CommandRunner().RunAsync(lab.InNamespace(ns, new Command(
            "ping", "-n", "-i", "0.2", "-w", seconds.ToString(CultureInfo.InvariantCulture), address.ToString())), cancellationToken);
        return [.. RoundTrip().Matches(result.StandardOutput).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new InvalidOperationException("No samples: every ping was lost or ping printed nothing.");
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Jain's fairness index: 1 when all equal, 1/n when one takes everything.</summary>
    public static double Jain(IReadOnlyList<double> rates) => Math.Pow(rates.Sum(), 2) / (rates.Count * rates.Sum(r => r * r));

    private static string Port(int i) => (FirstPort + i).ToString(CultureInfo.InvariantCulture);

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
            if (listening.StandardOutput.Split('\n').Count(l => l.Contains(":53", StringComparison.Ordinal)) >= count)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"{count} iperf3 servers did not all listen in {ns} within 5 s.");
    }

    [GeneratedRegex(@"time=([0-9.]+) ms")]
    private static partial Regex RoundTrip();
}
