using System.Globalization;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// One lab scenario in a process of its own: build a lab of N clients with the download server, shape the downstream,
/// download in parallel, tear down. It prints where it is (<see cref="ChildMarker"/> lines) so a test can signal it
/// inside a known phase. Settings come from appsettings.json and NBDD_ variables like the suite's, so the parent picks
/// the run directory.
/// </summary>
internal static class LabChild
{
    public const string Verb = "lab-child";

    public const string Https = "https";

    /// <param name="args">clients, file size in bytes, downstream Mbit/s, and optionally "https" (download over https,
    /// verified with the lab's CA).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args is not [var clientsText, var bytesText, var mbpsText, .. var rest]
            || rest is not ([] or [Https])
            || !int.TryParse(clientsText, CultureInfo.InvariantCulture, out var clients)
            || !long.TryParse(bytesText, CultureInfo.InvariantCulture, out var bytes)
            || !double.TryParse(mbpsText, CultureInfo.InvariantCulture, out var mbps))
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} CLIENTS FILE_BYTES DOWNSTREAM_MBPS [{Https}]");
            return 2;
        }

        var https = rest is [Https];

        LabShutdown.Install();
        var settings = SuiteSettings.Load();
        var runId = RunId.New();
        Say(output, ChildMarker.RunId, runId.Value);
        Say(output, ChildMarker.Setup);
        await using var lab = await NamespaceLab.StartAsync(settings.Lab with { Clients = clients }, runId: runId);
        var server = lab.RegisterForTeardown(await DownloadServer.StartAsync(DownloadServerOptions.ForLab(lab), CancellationToken.None));
        Say(output, ChildMarker.Scratch, lab.Scratch.Path);
        await lab.SetDownstreamRateAsync(mbps);

        Say(output, ChildMarker.Download);
        var request = new DownloadRequest(https ? server.HttpsUrl(bytes) : server.HttpUrl(bytes), TimeSpan.FromSeconds(120))
        {
            ExpectedBytes = bytes,
            CaCertificatePath = https ? server.CaCertificatePath : null,
        };
        var run = await new DownloadManager(new WgetEngine(new CommandRunner()), TextWriter.Null)
            .StartParallelDownloadAsync([.. lab.Clients.Select(c => c.Namespace)], request);

        Say(output, ChildMarker.Teardown, run.Aggregate.Succeeded.ToString(CultureInfo.InvariantCulture));
        await lab.DisposeAsync();
        Say(output, ChildMarker.Done);
        return run.Aggregate.Succeeded == clients ? 0 : 1;
    }

    private static void Say(TextWriter output, string marker, string? value = null)
    {
        output.WriteLine(value is null ? marker : $"{marker} {value}");
        output.Flush();
    }
}
