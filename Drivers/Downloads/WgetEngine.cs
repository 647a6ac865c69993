using System.Diagnostics;
using System.Globalization;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// One client's transfer with GNU wget inside the client's namespace, bounded by coreutils `timeout`:
/// `ip netns exec NS timeout --kill-after=K T wget ... URL`, as an argument list.
/// </summary>
public sealed class WgetEngine(CommandRunner runner, WgetOptions? options = null) : IDownloadEngine
{
    private const int TimeoutExit = 124;
    private const int KilledExit = 128 + 9;
    private const int NotFoundExit = 127;
    private const int CannotRunExit = 126;
    private const int WgetTlsExit = 5;
    private const int WgetServerErrorExit = 8;
    private const int WgetNetworkExit = 4;

    private readonly WgetOptions _options = options ?? new WgetOptions();

    public string Name => "wget";

    /// <summary>How often a running client's log is read for progress points (for the over-time chart).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public Command BuildCommand(string namespaceName, DownloadRequest request, string logPath)
    {
        List<string> arguments =
        [
            "netns", "exec", namespaceName,
            "timeout", $"--kill-after={Seconds(request.KillAfter)}s", $"{Seconds(request.Timeout)}s",
            "wget",
            // The suite measures the network, not the machine's wgetrc, proxies or caches.
            "--no-config", "--no-proxy", "--no-cache",
            // A retry would hide the failure being measured and restart the clock.
            "--tries=1",
            // Progress dots are how bytes of an interrupted transfer are known; a larger dot costs wget fewer writes.
            "--progress=dot", "-e", $"dotbytes={_options.DotBytes}",
            // Messages and dots to a file, not a pipe: see WgetLog.
            "-o", logPath,
            "-O", "/dev/null",
        ];
        if (request.CaCertificatePath is not null)
        {
            arguments.Add($"--ca-certificate={request.CaCertificatePath}");
        }

        arguments.Add(request.Url.AbsoluteUri);
        return new Command("ip", arguments)
        {
            MaxOutputChars = _options.MaxOutputChars,
            GracePeriod = TimeSpan.FromSeconds(1),
        }.AsRoot();
    }

    public Task<ClientDownloadResult> RunAsync(string namespaceName, DownloadRequest request, CancellationToken cancellationToken)
    {
        var parser = new WgetOutputParser(_options.DotBytes);
        var clock = Stopwatch.StartNew();
        var log = new WgetLog(namespaceName, line => parser.OnLine(line, clock.Elapsed));
        // timeout's own complaints (e.g. wget missing) still come on stderr.
        var command = BuildCommand(namespaceName, request, log.Path) with { OnErrorLine = line => parser.OnLine(line, clock.Elapsed) };
        // RunAsync starts the process before it first yields: the caller's loop starts every client together.
        var run = runner.RunAsync(command, cancellationToken);
        return CompleteAsync(run, namespaceName, parser, log);
    }

    private async Task<ClientDownloadResult> CompleteAsync(Task<CommandResult> run, string namespaceName, WgetOutputParser parser, WgetLog log)
    {
        CommandResult result;
        using (log)
        {
            try
            {
                while (await Task.WhenAny(run, Task.Delay(PollInterval)).ConfigureAwait(false) != run)
                {
                    log.Drain();
                }

                result = await run.ConfigureAwait(false);
            }
            catch (ToolMissingException e)
            {
                return Missing(namespaceName, e);
            }
            finally
            {
                log.Drain(final: true);
            }
        }

        var outcome = Classify(result.ExitCode, parser);
        var seconds = result.Duration.TotalSeconds;
        var bytes = parser.Bytes;
        return new ClientDownloadResult
        {
            Namespace = namespaceName,
            Success = outcome == DownloadOutcome.Ok,
            Duration = Math.Round(seconds, 3),
            Interrupted = outcome == DownloadOutcome.Timeout,
            Stdout = result.StandardOutput,
            Stderr = parser.Messages,
            Bytes = bytes,
            BytesExact = parser.BytesExact,
            BytesResolution = parser.BytesExact ? 0 : _options.DotBytes,
            Mbps = seconds > 0 ? Math.Round(bytes * 8 / seconds / 1e6, 3) : 0,
            ExitCode = result.ExitCode,
            Outcome = outcome,
            HttpStatus = outcome == DownloadOutcome.HttpError ? parser.HttpStatus : null,
            Engine = Name,
            StartedAt = result.StartTime,
            Command = result.Command.ToString(),
            Progress = parser.Progress,
            TimeToResponse = parser.ResponseAt is { } at ? Math.Round(at.TotalSeconds, 4) : null,
        };
    }

    /// <summary>Exit codes first (coreutils timeout, then wget's documented codes), stderr clues to tell causes apart.</summary>
    public static DownloadOutcome Classify(int exitCode, WgetOutputParser clues) => exitCode switch
    {
        0 => DownloadOutcome.Ok,
        TimeoutExit or KilledExit => DownloadOutcome.Timeout,
        NotFoundExit or CannotRunExit => DownloadOutcome.ToolMissing,
        _ when clues.SawToolMissing => DownloadOutcome.ToolMissing,
        _ when clues.SawTlsFailure || exitCode == WgetTlsExit => DownloadOutcome.TlsError,
        _ when clues.SawDnsFailure => DownloadOutcome.DnsFailure,
        _ when clues.SawConnectionRefused => DownloadOutcome.ConnectionRefused,
        _ when clues.SawUnreachable => DownloadOutcome.Unreachable,
        WgetServerErrorExit => DownloadOutcome.HttpError,
        _ when clues.SawBrokenTransfer || exitCode == WgetNetworkExit => DownloadOutcome.NetworkFailure,
        _ => DownloadOutcome.Other,
    };

    private ClientDownloadResult Missing(string namespaceName, ToolMissingException e) => new()
    {
        Namespace = namespaceName,
        Success = false,
        Duration = 0,
        Interrupted = false,
        Stdout = "",
        Stderr = e.Message,
        Bytes = 0,
        BytesExact = true,
        BytesResolution = 0,
        Mbps = 0,
        ExitCode = NotFoundExit,
        Outcome = DownloadOutcome.ToolMissing,
        Engine = Name,
        StartedAt = DateTimeOffset.UtcNow,
        Command = e.Tool,
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
