using System.Globalization;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// Starts the same download in every client namespace at the same moment, awaits them together and reports each
/// client honestly. How one transfer runs is the engine's business (<see cref="IDownloadEngine"/>): the one the
/// request names (<see cref="DownloadRequest.Engine"/>), so a scenario's choice and the configured default meet in
/// the request, not here.
/// </summary>
public sealed class DownloadManager
{
    // A fixed engine (a test's or a benchmark's, with its own options); null: the request's engine.
    private readonly IDownloadEngine? _engine;
    private readonly TextWriter _log;

    /// <summary>Downloads with the engine each request names (<see cref="DownloadRequest.Engine"/>).</summary>
    public DownloadManager(TextWriter log)
        : this(null, log, null)
    {
    }

    /// <summary>Downloads with <paramref name="engine"/> whatever the request names (tests and benchmarks).</summary>
    public DownloadManager(IDownloadEngine engine, TextWriter log)
        : this(engine ?? throw new ArgumentNullException(nameof(engine)), log, null)
    {
    }

    private DownloadManager(IDownloadEngine? engine, TextWriter log, Action? starting)
    {
        _engine = engine;
        _log = log;
        Starting = starting;
    }

    /// <summary>Where namespaces made with `ip netns add` live.</summary>
    public static string NetnsDirectory => NetworkNamespace.NamesDirectory;

    /// <summary>
    /// Raised just before the clients are released, on the releasing thread (e.g. for the health monitor to end an
    /// interval there, so the spawning and the gate's wait are measured apart from the download). The release waits
    /// for the handlers, so they must be short: a health sample takes a few milliseconds.
    /// </summary>
    public event Action? Starting;

    /// <summary>Checks and waits for a request's <see cref="DownloadRequest.StartAt"/> (the kernel's clock and the default policy unless set).</summary>
    public Scheduling.ScheduledStart Schedule { get; init; } = new(new Scheduling.KernelClock(), new Scheduling.ClockPolicy());

    /// <summary>
    /// This manager (same engine choice, start schedule and <see cref="Starting"/> handlers) writing its per-client
    /// lines to <paramref name="log"/> instead: a soak prints one line a round, not one a client.
    /// </summary>
    public DownloadManager WithLog(TextWriter log) => new(_engine, log, Starting) { Schedule = Schedule };

    /// <summary>The engine a run of <paramref name="request"/> uses.</summary>
    public IDownloadEngine EngineFor(DownloadRequest request) =>
        _engine ?? DownloadEngines.Create(request.Engine, new CommandRunner());

    /// <summary>
    /// How long before a start instant the clients are got ready. wget: the gate's longest hold for that many clients
    /// (spawning 500 took 40-80 s on a loaded host), at most 2 minutes, which the gate's resolver can hold a waiting
    /// wget's DNS query for. Native: 5 s plus 10 ms a client, at most that: its connections then wait idle, and
    /// servers close idle connections that sent no request (Kestrel after 30 s, nginx after 60 s).
    /// </summary>
    public static TimeSpan ReadyLead(int clients, IDownloadEngine engine)
    {
        var hold = StartGate.LongestHold(clients);
        var lead = engine is NativeEngine ? TimeSpan.FromSeconds(5 + 0.01 * clients) : TimeSpan.FromMinutes(2);
        return hold < lead ? hold : lead;
    }

    /// <summary>
    /// Runs <paramref name="request"/>'s load (<see cref="DownloadRequest.Load"/>): downloads, uploads, or both at once
    /// behind one start gate; the halves come back apart, each with its own aggregate.
    /// </summary>
    public async Task<LoadRun> StartParallelAsync(
        IReadOnlyList<string> namespaces, DownloadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chosen = EngineFor(request);
        if (request.StartAt is { } at)
        {
            // First: a host that must not start at the instant says so whatever else is wrong.
            Schedule.Check(at, request.StartAtSource, request.StartAtIsLocal);
        }

        Validate(namespaces, request, chosen);
        var load = request.Load;
        if (request.StartAt is { } startAt)
        {
            var transfers = namespaces.Count * (load == LoadDirection.Both ? 2 : 1);
            _log.WriteLine($"[START AT] holding the release until {Scheduling.ScheduledStart.Format(startAt)}");
            await Schedule.WaitUntilAsync(startAt, ReadyLead(transfers, chosen), cancellationToken).ConfigureAwait(false);
        }

        var released = request with { BeforeRelease = () => Starting?.Invoke() };
        var results = await chosen.RunAllAsync(namespaces, released, cancellationToken).ConfigureAwait(false);
        var download = load.HasDownload()
            ? Half(request with { Load = LoadDirection.Download }, TransferDirection.Download, results, load, chosen)
            : null;
        var upload = load.HasUpload()
            ? Half(
                request with { Load = LoadDirection.Upload, ExpectedBytes = new FileInfo(request.UploadFilePath!).Length },
                TransferDirection.Upload, results, load, chosen)
            : null;
        return new LoadRun(load, download, upload);
    }

    /// <summary>Runs a download-only request (<see cref="LoadDirection.Download"/>): <see cref="StartParallelAsync"/>'s download half.</summary>
    public async Task<DownloadRun> StartParallelDownloadAsync(
        IReadOnlyList<string> namespaces, DownloadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Load != LoadDirection.Download)
        {
            throw new ArgumentException(
                $"StartParallelDownloadAsync runs downloads only; a {request.Load.JsonName()} load goes through StartParallelAsync.", nameof(request));
        }

        var run = await StartParallelAsync(namespaces, request, cancellationToken).ConfigureAwait(false);
        return run.Download!;
    }

    /// <summary>
    /// One direction's results, logged and aggregated apart. A download-only run logs exactly as before uploads
    /// existed ("completed download", "[SUM]"); an upload and either half of a both-ways run say which way
    /// ("completed upload", "[SUM UP]", "[SUM DOWN]").
    /// </summary>
    private DownloadRun Half(
        DownloadRequest request, TransferDirection direction, IReadOnlyList<ClientDownloadResult> all, LoadDirection load, IDownloadEngine engine)
    {
        var results = all.Where(r => r.Direction == direction).ToArray();
        foreach (var result in results)
        {
            _log.WriteLine(Describe(result));
        }

        var run = new DownloadRun(request, results, DownloadAggregate.From(results));
        var a = run.Aggregate;
        var tag = load == LoadDirection.Download ? "[SUM]" : direction == TransferDirection.Upload ? "[SUM UP]" : "[SUM DOWN]";
        _log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{tag} {a.Succeeded}/{a.Clients} ok, {a.Interrupted} interrupted, {a.Failed} failed; {a.TotalBytes} bytes in {a.WallSeconds:0.###} s = {a.AggregateMbps:0.#} Mbit/s; {engine.Name}: spawn spread {a.SpawnSpreadSeconds * 1000:0.#} ms, first-byte spread {(a.FirstByteSpreadSeconds is { } f ? (f * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "n/a")}; fairness {a.Fairness:0.###}{(run.StartErrorSeconds is { } e ? $"; start error {e * 1000:0.#} ms" : "")}"));
        return run;
    }

    /// <summary>Every check runs before the first client starts, so bad input never leaves half a run behind.</summary>
    private static void Validate(IReadOnlyList<string> namespaces, DownloadRequest request, IDownloadEngine engine)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(request);
        if (namespaces.Count == 0)
        {
            throw new ArgumentException("No client namespaces given: create the lab's clients first (e.g. \"Given 10 clients\").", nameof(namespaces));
        }

        request.Validate();
        var duplicate = namespaces.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Namespace '{duplicate.Key}' is listed twice; each client downloads once.", nameof(namespaces));
        }

        var badName = namespaces.Select(n => LinkName.Problem(n, "Namespace name")).FirstOrDefault(p => p is not null);
        if (badName is not null)
        {
            throw new ArgumentException(badName, nameof(namespaces));
        }

        var missing = namespaces.Where(n => !NetworkNamespace.Exists(n, NetnsDirectory)).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException(
                $"Network namespace(s) not found: {string.Join(", ", missing.Select(n => $"'{n}'"))}. " +
                $"Check `ip netns list`; namespaces must exist under {NetnsDirectory} before downloads start.",
                nameof(namespaces));
        }

        ToolCatalog.Require([.. engine.RequiredTools]);

        // Several descriptors per client: 500 clients pass the common soft limit of 1024.
        FileLimit.Raise();
    }

    private static string Describe(ClientDownloadResult r) => r.Success
        ? string.Create(CultureInfo.InvariantCulture, $"[OK] {r.Namespace} completed {(r.Direction == TransferDirection.Upload ? "upload" : "download")} in {r.Duration:0.###} sec ({r.Bytes} bytes, {r.Mbps:0.##} Mbit/s)")
        : string.Create(CultureInfo.InvariantCulture,
            $"[FAIL] {r.Namespace}{(r.Direction == TransferDirection.Upload ? " upload" : "")} {(r.Interrupted ? "interrupted by the timeout" : r.Outcome + (r.HttpStatus is { } s ? $" {s}" : ""))} after {r.Duration:0.###} sec ({r.Bytes} bytes, exit {r.ExitCode})");
}
