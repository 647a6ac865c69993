using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Reports;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

/// <summary>
/// One lab, one process, 50 clients x 64 MiB on the unshaped lab, twice each: bare parallel wget (the reference the
/// wget engine is held to), the wget engine, the native engine and iperf3 -R (the path's limit); then 500 clients
/// with each engine. Printed and written to results/benchmarks/downloads.json, not asserted: the machine's load
/// decides the figures, so the load average is recorded beside them. CPU per GB is the whole host's busy time
/// (/proc/stat) from just before the clients start until the last ends, over the GB (10^9 bytes) moved: server,
/// kernel and clients together (and anything else the host ran meanwhile).
/// </summary>
[TestFixture]
[Category("benchmark")]
[Explicit("Moves 50 x 64 MiB many times and builds a 500-client lab; run on purpose: dotnet test --filter TestCategory=benchmark")]
[NonParallelizable]
public sealed class DownloadBenchmark
{
    private const long Size = 64L * 1024 * 1024;

    private static int Clients => int.TryParse(Environment.GetEnvironmentVariable("NBDD_BENCH_CLIENTS"), out var n) ? n : 50;

    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("NBDD_BENCH_ROUNDS"), out var n) ? n : 2;

    private static int ManyClients => int.TryParse(Environment.GetEnvironmentVariable("NBDD_BENCH_MANY"), out var n) ? n : 500;

    [Test]
    public async Task Downloads_bare_wget_vs_wget_engine_vs_native_engine_vs_iperf3()
    {
        var report = new JsonObject
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {RuntimeInformation()}",
            ["loadAverageBefore"] = File.ReadAllText("/proc/loadavg").Trim(),
            ["clients"] = Clients,
            ["fileBytes"] = Size,
            ["rounds"] = Rounds,
        };
        var lines = new List<string>();
        void Line(FormattableString text)
        {
            var line = text.ToString(CultureInfo.InvariantCulture);
            lines.Add(line);
            TestContext.Progress.WriteLine(line);
        }

        var wget = new WgetEngine(new CommandRunner());
        var native = new NativeEngine(new CommandRunner());
        var rounds = new JsonArray();
        await using (var lab = await DownloadLab.StartAsync(Clients))
        {
            var url = lab.Server.HttpUrl(Size);
            var request = new DownloadRequest(url, TimeSpan.FromMinutes(5)) { ExpectedBytes = Size };

            // Uploads: the same size POSTed to a byte-counting sink in the server namespace (the lab server's upload
            // path is another's work in progress), against iperf3 without -R (the clients send).
            await using var sink = await UploadSink.StartAsync(lab.Lab.Server!.Namespace, lab.Lab.Server.Address, lab.Lab.Scratch.Path);
            using var file = await UploadFile.CreateAsync(lab.Lab.Scratch.Path, Size);
            var upload = new DownloadRequest(url, TimeSpan.FromMinutes(5))
            {
                Load = LoadDirection.Upload, UploadUrl = sink.Url("/upload/bench"), UploadFilePath = file.Path,
            };

            // Warm-up: first runs pay for page faults in wget and JIT in the server and the native engine.
            await BareWget.RunAsync(lab.Namespaces.Take(10).ToArray(), lab.Server.HttpUrl(8 << 20));
            await new DownloadManager(native, TextWriter.Null).StartParallelDownloadAsync(lab.Namespaces, new DownloadRequest(lab.Server.HttpUrl(8 << 20), TimeSpan.FromMinutes(1)));

            for (var round = 1; round <= Rounds; round++)
            {
                var cpu = HostCpu.BusySeconds();
                var own = ProcessCpu.Now();
                var bare = await BareWget.RunAsync(lab.Namespaces, url);
                var bareCpu = HostCpu.BusySeconds() - cpu;
                var bareOwn = ProcessCpu.Now() - own;
                var bareTree = (bareOwn.Self + bareOwn.Children).TotalSeconds;
                var serverPerGb = bareOwn.Self.TotalSeconds / GigaBytes(Clients);
                var bareMbps = Clients * Size * 8 / bare.Wall.TotalSeconds / 1e6;
                Line($"round {round} bare wget x{Clients}: {bareMbps,8:0.0} Mbit/s in {bare.Wall.TotalSeconds:0.00} s (first spawn to last exit), {bare.Failed} failed; host CPU {bareCpu / GigaBytes(Clients):0.00} s/GB");

                var w = await MeasureAsync(lab, request, wget);
                Line($"round {round} wget engine:  {w.Mbps,8:0.0} Mbit/s ({w.StepMbps:0.0} over the whole step) = {w.Mbps / bareMbps:0.000} of bare; {w.Summary}");
                var n = await MeasureAsync(lab, request, native);
                Line($"round {round} native engine:{n.Mbps,8:0.0} Mbit/s ({n.StepMbps:0.0} over the whole step); {n.Summary}");
                var iperf = await Iperf3Reference.MeasureMbpsAsync(lab.Lab, seconds: 5, CancellationToken.None);
                Line($"round {round} iperf3 x{Clients} (-R, 5 s): {iperf,8:0.0} Mbit/s; native/iperf3 {n.Mbps / iperf:0.000}; wget/bare {w.Mbps / bareMbps:0.000}; native CPU/GB / wget's {n.CpuPerGb / w.CpuPerGb:0.000} (host), {n.ProcessCpuPerGb / w.ProcessCpuPerGb:0.000} (test host + wget); server alone during bare wget {serverPerGb:0.00} s/GB");
                var nu = await MeasureUploadAsync(lab, sink, upload, native);
                Line($"round {round} native upload:{nu.Mbps,8:0.0} Mbit/s; {nu.Summary}");
                sink.DiscardWithoutCopy = true;
                var nuTrunc = await MeasureUploadAsync(lab, sink, upload, native);
                sink.DiscardWithoutCopy = false;
                Line($"round {round} native upload, sink without copy (MSG_TRUNC):{nuTrunc.Mbps,8:0.0} Mbit/s; {nuTrunc.Summary}");
                var wu = await MeasureUploadAsync(lab, sink, upload, wget);
                Line($"round {round} wget upload:  {wu.Mbps,8:0.0} Mbit/s; {wu.Summary}");
                var iperfUp = await Iperf3Reference.MeasureMbpsAsync(lab.Lab, seconds: 5, CancellationToken.None, upload: true);
                Line($"round {round} iperf3 x{Clients} (upload, 5 s): {iperfUp,8:0.0} Mbit/s; native upload/iperf3 {nu.Mbps / iperfUp:0.000}; wget upload/iperf3 {wu.Mbps / iperfUp:0.000}");
                rounds.Add(new JsonObject
                {
                    ["bareWgetMbps"] = Round(bareMbps),
                    ["bareWgetCpuSecondsPerGB"] = Round(bareCpu / GigaBytes(Clients)),
                    ["wgetEngineMbps"] = Round(w.Mbps),
                    ["wgetEngineStepMbps"] = Round(w.StepMbps),
                    ["nativeEngineMbps"] = Round(n.Mbps),
                    ["nativeEngineStepMbps"] = Round(n.StepMbps),
                    ["iperf3Mbps"] = Round(iperf),
                    ["nativeUploadMbps"] = Round(nu.Mbps),
                    ["wgetUploadMbps"] = Round(wu.Mbps),
                    ["iperf3UploadMbps"] = Round(iperfUp),
                    ["nativeUploadOverIperf3"] = Round(nu.Mbps / iperfUp, 3),
                    ["nativeUploadSinkWithoutCopyMbps"] = Round(nuTrunc.Mbps),
                    ["wgetUploadOverIperf3"] = Round(wu.Mbps / iperfUp, 3),
                    ["nativeUploadCpuSecondsPerGB"] = Round(nu.CpuPerGb),
                    ["wgetUploadCpuSecondsPerGB"] = Round(wu.CpuPerGb),
                    ["uploadBytesMatchServer"] = nu.BytesMatch && wu.BytesMatch,
                    ["wgetSpawnSpreadMs"] = Round(w.SpawnSpreadMs),
                    ["wgetFirstByteSpreadMs"] = Round(w.FirstByteSpreadMs),
                    ["nativeSpawnSpreadMs"] = Round(n.SpawnSpreadMs),
                    ["nativeFirstByteSpreadMs"] = Round(n.FirstByteSpreadMs),
                    ["wgetCpuSecondsPerGB"] = Round(w.CpuPerGb),
                    ["nativeCpuSecondsPerGB"] = Round(n.CpuPerGb),
                    ["wgetProcessCpuSecondsPerGB"] = Round(w.ProcessCpuPerGb),
                    ["nativeProcessCpuSecondsPerGB"] = Round(n.ProcessCpuPerGb),
                    ["bareWgetProcessCpuSecondsPerGB"] = Round(bareTree / GigaBytes(Clients)),
                    // The lab server (Kestrel, in this process) alone: the test host's own CPU while bare wget ran.
                    ["serverCpuSecondsPerGB"] = Round(serverPerGb),
                    ["wgetBytesMatchServer"] = w.BytesMatch,
                    ["nativeBytesMatchServer"] = n.BytesMatch,
                    ["wgetBacklogDrops"] = w.BacklogDrops,
                    ["nativeBacklogDrops"] = n.BacklogDrops,
                    ["wgetEngineOverBare"] = Round(w.Mbps / bareMbps, 3),
                    ["nativeOverIperf3"] = Round(n.Mbps / iperf, 3),
                    ["nativeCpuPerGbOverWget"] = Round(n.CpuPerGb / w.CpuPerGb, 3),
                    ["nativeProcessCpuPerGbOverWget"] = Round(n.ProcessCpuPerGb / w.ProcessCpuPerGb, 3),
                    ["loadAverage"] = File.ReadAllText("/proc/loadavg").Trim(),
                });
            }
        }

        // The headline keys are round 1's (one run, as the ratios ask); every round is kept under "rounds".
        if (rounds.Count > 0)
        {
            foreach (var (key, value) in rounds[0]!.AsObject())
            {
                report[key] = value?.DeepClone();
            }
        }

        report["rounds"] = rounds;
        if (ManyClients > 0)
        {
            var many = await ManyClientsAsync(wget, native, Line);
            foreach (var (key, value) in many)
            {
                report[key] = value?.DeepClone();
            }
        }

        report["loadAverageAfter"] = File.ReadAllText("/proc/loadavg").Trim();
        var folder = Path.Combine(ResultsRoot.Resolve("results"), "benchmarks");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "downloads.json");
        File.WriteAllText(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        TestContext.Out.WriteLine("==== download benchmark (unshaped lab) ====");
        lines.ForEach(TestContext.Out.WriteLine);
        TestContext.Out.WriteLine($"written to {path}");
    }

    /// <summary>Lab set-up time, memory and descriptors, and each engine's throughput, with <see cref="ManyClients"/> clients.</summary>
    private static async Task<JsonObject> ManyClientsAsync(WgetEngine wget, NativeEngine native, Action<FormattableString> line)
    {
        var many = ManyClients;
        var size = 8L * 1024 * 1024;
        var limit = Drivers.Processes.FileLimit.Raise();
        var clock = Stopwatch.StartNew();
        await using var lab = await DownloadLab.StartAsync(many);
        var setup = clock.Elapsed.TotalSeconds;
        var request = new DownloadRequest(lab.Server.HttpUrl(size), TimeSpan.FromMinutes(5)) { ExpectedBytes = size };
        var result = new JsonObject
        {
            [$"clients{many}"] = many,
            [$"clients{many}FileBytes"] = size,
            [$"clients{many}LabSetupSeconds"] = Round(setup),
            [$"clients{many}OpenFileLimit"] = limit,
        };
        var only = Environment.GetEnvironmentVariable("NBDD_BENCH_MANY_ENGINE");
        foreach (var (name, engine) in new (string, IDownloadEngine)[] { ("Native", native), ("Wget", wget) }.Where(e => only is null || e.Item1 == only))
        {
            using var fds = new PeakSampler();
            var m = await MeasureAsync(lab, request, engine);
            var (peakRss, peakFds) = fds.Stop();
            line($"{many} clients x 8 MiB, {name}: {m.Mbps:0.0} Mbit/s, {m.Summary}; test host peak RSS {peakRss / 1048576.0:0} MiB, peak open descriptors {peakFds}; lab set-up {setup:0.00} s");
            result[$"clients{many}{name}Mbps"] = Round(m.Mbps);
            result[$"clients{many}{name}Ok"] = m.Ok;
            result[$"clients{many}{name}FirstByteSpreadMs"] = Round(m.FirstByteSpreadMs);
            result[$"clients{many}{name}SpawnSpreadMs"] = Round(m.SpawnSpreadMs);
            result[$"clients{many}{name}StepSeconds"] = Round(m.StepSeconds);
            result[$"clients{many}{name}PeakRssMiB"] = Round(peakRss / 1048576.0);
            result[$"clients{many}{name}PeakOpenFiles"] = peakFds;
            result[$"clients{many}{name}BytesMatchServer"] = m.BytesMatch;
            result[$"clients{many}{name}BacklogDrops"] = m.BacklogDrops;
            result[$"clients{many}{name}FirstFailures"] = new JsonArray([.. m.Failures.Select(f => (JsonNode)JsonValue.Create(f))]);
            foreach (var failure in m.Failures)
            {
                line($"  failed: {failure}");
            }
        }

        return result;
    }

    private sealed record Measured(
        double Mbps, double StepMbps, double StepSeconds, double SpawnSpreadMs, double FirstByteSpreadMs, double CpuPerGb,
        double ProcessCpuPerGb, int Ok, bool BytesMatch, string Summary, IReadOnlyList<string> Failures, long BacklogDrops);

    private static async Task<Measured> MeasureAsync(DownloadLab lab, DownloadRequest request, IDownloadEngine engine)
    {
        lab.Server.ClearTransfers();
        var cpu = HostCpu.BusySeconds();
        var own = ProcessCpu.Now();
        var drops = BacklogDrops.Total();
        var clock = Stopwatch.StartNew();
        var run = await new DownloadManager(engine, TextWriter.Null).StartParallelDownloadAsync(lab.Namespaces, request);
        var step = clock.Elapsed.TotalSeconds;
        drops = BacklogDrops.Total() - drops;
        var used = HostCpu.BusySeconds() - cpu;
        var ownUsed = ProcessCpu.Now() - own;
        var tree = (ownUsed.Self + ownUsed.Children).TotalSeconds;
        var a = run.Aggregate;
        var transfers = await lab.FinishedTransfersAsync(run.Results.Count, CancellationToken.None);
        var problems = ByteTruth.Compare(run.Results, lab.AddressOfNamespace, transfers);

        // A cross-check of the client-side first-byte spread from the other end: when the server began each response.
        var requests = transfers.Where(t => t.Method == "GET").Select(t => t.Start).ToArray();
        var serverSpreadMs = requests.Length > 0 ? (requests.Max() - requests.Min()).TotalMilliseconds : double.NaN;
        var gb = a.TotalBytes / 1e9;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{a.Succeeded}/{a.Clients} ok ({a.Gated} gated), {a.WallSeconds:0.00} s release to last end, step {step:0.00} s; spawn spread {a.SpawnSpreadSeconds * 1000:0} ms, first-byte spread {a.FirstByteSpreadSeconds * 1000:0.0} ms (server saw the requests within {serverSpreadMs:0.0} ms); host CPU {used / gb:0.00} s/GB (test host + its wget {tree / gb:0.00} s/GB); bytes vs server: {(problems.Count == 0 ? "all agree" : problems.Count + " disagree: " + problems[0])}; host backlog drops {drops}");
        return new Measured(
            a.AggregateMbps, a.TotalBytes * 8 / step / 1e6, step, a.SpawnSpreadSeconds * 1000, (a.FirstByteSpreadSeconds ?? double.NaN) * 1000,
            used / gb, tree / gb, a.Succeeded, problems.Count == 0, summary,
            [.. run.Results.Where(r => !r.Success).Take(5).Select(r => r.Summary)], drops);
    }

    private sealed record MeasuredUpload(double Mbps, double CpuPerGb, bool BytesMatch, string Summary);

    /// <summary>One upload run: its aggregate Mbit/s (release to last end, as the downloads'), host CPU per GB, and the sink's agreement.</summary>
    private static async Task<MeasuredUpload> MeasureUploadAsync(DownloadLab lab, UploadSink sink, DownloadRequest request, IDownloadEngine engine)
    {
        sink.Clear();
        var cpu = HostCpu.BusySeconds();
        var run = (await new DownloadManager(engine, TextWriter.Null).StartParallelAsync(lab.Namespaces, request)).Upload!;
        var used = HostCpu.BusySeconds() - cpu;
        var a = run.Aggregate;
        var received = await sink.FinishedAsync(run.Results.Count, CancellationToken.None);
        var match = received.Sum(r => r.Bytes) == a.TotalBytes && a.Succeeded == a.Clients;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{a.Succeeded}/{a.Clients} ok, {a.WallSeconds:0.00} s release to last end, goodput {a.GoodputMbps:0.0} Mbit/s, fairness {a.Fairness:0.000}; host CPU {used / (a.TotalBytes / 1e9):0.00} s/GB; sink received {received.Sum(r => r.Bytes)} of {a.TotalBytes} bytes");
        return new MeasuredUpload(a.AggregateMbps, used / (a.TotalBytes / 1e9), match, summary);
    }

    private static double GigaBytes(int clients) => clients * Size / 1e9;

    private static double Round(double value, int digits = 2) => Math.Round(value, digits);

    private static string RuntimeInformation() => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString();

    /// <summary>The test host's peak resident memory and open descriptors while a run goes, sampled every 100 ms.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _rss;
        private int _fds;

        public PeakSampler() => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using (var self = Process.GetCurrentProcess())
                {
                    _rss = Math.Max(_rss, self.WorkingSet64);
                }

                _fds = Math.Max(_fds, Directory.GetFiles("/proc/self/fd").Length);
                await Task.Delay(100).ConfigureAwait(false);
            }
        });

        public (long Rss, int Fds) Stop()
        {
            _stop.Cancel();
            _loop.Wait();
            return (_rss, _fds);
        }

        public void Dispose() => _stop.Dispose();
    }
}
