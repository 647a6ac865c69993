using System.Globalization;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Drivers.Soak;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// A soak in a process of its own: a lab of N clients (plus the probe client the router watch uses) and the server,
/// then ROUNDS rounds of one parallel download each, streamed into FOLDER/rounds.ndjson. After each round it prints
/// <see cref="RoundMarker"/> N, and every 10 rounds (and after round 1) its own figures (<see cref="FiguresMarker"/>:
/// managed heap after a full collection, resident set, open descriptors, threads), so a test can kill it mid-soak
/// or judge its memory without the test host's own state in the figures.
/// </summary>
internal static class SoakChild
{
    public const string Verb = "soak-child";

    public const string RoundMarker = "NBDD-CHILD round";

    public const string FiguresMarker = "NBDD-CHILD figures";

    /// <param name="args">clients, file bytes, rounds, folder, and optionally the engine (Wget or Native).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args is not [var clientsText, var bytesText, var roundsText, var folder, .. var rest]
            || rest.Length > 1
            || !int.TryParse(clientsText, CultureInfo.InvariantCulture, out var clients)
            || !long.TryParse(bytesText, CultureInfo.InvariantCulture, out var bytes)
            || !int.TryParse(roundsText, CultureInfo.InvariantCulture, out var rounds)
            || !Enum.TryParse<DownloadEngineKind>(rest.FirstOrDefault() ?? nameof(DownloadEngineKind.Wget), out var engine))
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} CLIENTS FILE_BYTES ROUNDS FOLDER [Wget|Native]");
            return 2;
        }

        LabShutdown.Install();
        var settings = SuiteSettings.Load();
        var runId = RunId.New();
        Say(output, ChildMarker.RunId, runId.Value);
        Say(output, ChildMarker.Setup);
        await using var lab = await NamespaceLab.StartAsync(settings.Lab with { Clients = clients, ProbeClient = true }, runId: runId);
        var server = lab.RegisterForTeardown(await DownloadServer.StartAsync(DownloadServerOptions.ForLab(lab), CancellationToken.None));
        Say(output, ChildMarker.Download);
        var setup = new SoakSetup(
            [.. lab.Clients.Select(c => c.Namespace)],
            new DownloadRequest(server.HttpUrl(bytes), TimeSpan.FromSeconds(60)) { ExpectedBytes = bytes, Engine = engine },
            new DownloadManager(TextWriter.Null),
            SoakSchedule.ForRounds(rounds),
            folder)
        {
            WatchFrom = lab.ProbeClient,
            Server = lab.Server!.Address,
        };
        var driver = new SoakDriver(TextWriter.Null);
        driver.RoundEnded += round =>
        {
            server.ClearTransfers();
            Say(output, RoundMarker, round.Number.ToString(CultureInfo.InvariantCulture));
            if (round.Number == 1 || round.Number % 10 == 0)
            {
                Say(output, FiguresMarker, ProcessFigures.Take(round.Number).ToString());
            }
        };
        var run = await driver.RunAsync(setup, CancellationToken.None);
        Say(output, ChildMarker.Teardown, run.Summary.RoundsCompleted.ToString(CultureInfo.InvariantCulture));
        await lab.DisposeAsync();
        Say(output, ChildMarker.Done);
        return run.Summary.RoundsCompleted == rounds ? 0 : 1;
    }

    private static void Say(TextWriter output, string marker, string? value = null)
    {
        output.WriteLine(value is null ? marker : $"{marker} {value}");
        output.Flush();
    }
}
