using System.Text.Json;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Scheduling;
using NetnsBdd.Support.Results;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// Writes one scenario's artifacts into its folder: results.json always, the download's chart files when it
/// downloaded, health.csv/json and the health chart when the monitor took samples.
/// </summary>
public static class ScenarioArtifacts
{
    public const string ResultsJson = "results.json";
    public const string HealthCsv = "health.csv";
    public const string HealthJson = "health.json";
    public const string ThroughputPng = "throughput-per-client.png";
    public const string AggregatePng = "throughput-over-time.png";
    public const string HealthPng = "health.png";
    public const string LatencyPng = "latency-over-time.png";
    public const string LatencyCdfPng = "latency-cdf.png";
    public const string SoakPng = "soak.png";
    public const string UploadThroughputPng = "upload-throughput-per-client.png";
    public const string UploadAggregatePng = "upload-throughput-over-time.png";

    /// <summary>
    /// Writes what <paramref name="report"/> has and returns the files' full paths, for the hooks to attach. A chart
    /// that cannot be drawn does not stop the others or the data files: a failing scenario needs them most.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, ScenarioReport report)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var problems = new List<string>();
        var run = report.Download is { Results.Count: > 0 } d ? d : null;
        var buckets = run is null ? [] : AggregateThroughput.Of(run, AggregateThroughput.DefaultBucket);
        var perClient = run is null ? [] : AggregateThroughput.PerClient(run, AggregateThroughput.DefaultBucket);

        var upload = report.Upload is { Results.Count: > 0 } u ? u : null;
        var results = Results(report, run, buckets, perClient) with { Upload = upload is null ? null : UploadSection(report, upload) };
        Save(written, folder, ResultsJson, path => File.WriteAllText(path, Serialize(results)));

        if (run is not null)
        {
            var bars = run.Results.Select(r => new ThroughputBar(r.Namespace, r.Mbps, ClientOutcomes.Of(r))).ToArray();
            var fairShare = report.ShapedRateMbps / run.Results.Count;
            Chart(written, problems, folder, ThroughputPng, path => ThroughputChart.Render(bars, fairShare, run.Aggregate.AggregateMbps, path));
            if (buckets.Count > 0)
            {
                var routerLink = report.Health is { } series ? RouterLinkRate.From(series, run.Results.Min(r => r.StartedAt)) : [];
                Chart(written, problems, folder, AggregatePng, path => AggregateThroughputChart.Render(
                    buckets, report.ShapedRateMbps, path, perClient.Count <= AggregateThroughputChart.MaxClientLines ? perClient : null, routerLink));
            }
        }

        if (upload is not null)
        {
            var bars = upload.Results.Select(r => new ThroughputBar(r.Namespace, r.Mbps, ClientOutcomes.Of(r))).ToArray();
            Chart(written, problems, folder, UploadThroughputPng, path => ThroughputChart.Render(
                bars, report.UpstreamShapedRateMbps / upload.Results.Count, upload.Aggregate.AggregateMbps, path, "upload"));
            var uploadBuckets = HasProgress(upload) ? AggregateThroughput.Of(upload, AggregateThroughput.DefaultBucket) : [];
            var uploadPerClient = AggregateThroughput.PerClient(upload, AggregateThroughput.DefaultBucket);
            if (uploadBuckets.Count > 0)
            {
                Chart(written, problems, folder, UploadAggregatePng, path => AggregateThroughputChart.Render(
                    uploadBuckets, report.UpstreamShapedRateMbps, path,
                    uploadPerClient.Count <= AggregateThroughputChart.MaxClientLines ? uploadPerClient : null, [], "upload"));
            }
        }

        if (report.Latency is { Samples.Count: > 0 } latency)
        {
            Chart(written, problems, folder, LatencyPng, path => LatencyChart.Render(latency, path));
            Chart(written, problems, folder, LatencyCdfPng, path => LatencyCdfChart.Render(latency, path));
        }

        if (report.Soak is { } streamed && File.Exists(streamed.RoundsPath))
        {
            // Written round by round while the soak ran; attached with the rest.
            written.Add(streamed.RoundsPath);
        }

        if (report.Soak is { Rounds.Count: > 0 } soak)
        {
            var points = report.Health is { Samples.Count: > 0 } series ? HealthPoint.From(series, soak.Origin) : [];
            Chart(written, problems, folder, SoakPng, path => SoakChart.Render(soak, points, path));
        }

        if (report.Health is { Samples.Count: > 0 } health)
        {
            Save(written, folder, HealthCsv, path => File.WriteAllText(path, health.ToCsv()));
            Save(written, folder, HealthJson, path => File.WriteAllText(path, health.ToJson()));
            // On the downloads' clock when there were downloads, so both charts' time axes mean the same instant.
            var (origin, xLabel) = run is not null
                ? (run.Results.Min(r => r.StartedAt), "time since the first client started (s)")
                : (health.Samples[0].Timestamp, "time since the first health sample (s)");
            var points = HealthPoint.From(health, origin);
            (double, double)? download = run is null
                ? null
                : ((run.Aggregate.FirstStart - origin).TotalSeconds, (run.Aggregate.LastEnd - origin).TotalSeconds);
            Chart(written, problems, folder, HealthPng, path => HealthChart.Render(points, xLabel, path, download));
        }

        if (problems.Count > 0)
        {
            // results.json was written first, so a chart's failure cannot lose it; the reasons are added after the fact.
            Save([], folder, ResultsJson, path => File.WriteAllText(path, Serialize(results with { ReportProblems = problems })));
        }

        return written;
    }

    /// <summary>The seed's download shape (url, timeoutSeconds, clients, aggregate) with the scenario's sections beside it.</summary>
    public static ScenarioResultsJson Results(
        ScenarioReport report, DownloadRun? run, IReadOnlyList<ThroughputBucket> buckets,
        IReadOnlyList<(string Client, IReadOnlyList<ThroughputBucket> Buckets)> perClient) => new()
    {
        Scenario = report.Title,
        Status = report.Status,
        Host = report.Host,
        Error = report.ErrorMessage,
        ShapedRateMbps = report.ShapedRateMbps,
        Latency = report.Latency is { } latency ? LatencyJson.Of(latency) : null,
        Lab = report.Lab,
        Soak = report.Soak is { } soak ? SoakJson.Of(soak) : null,
        Url = run?.Request.Url.AbsoluteUri,
        TimeoutSeconds = run?.Request.Timeout.TotalSeconds,
        StartAt = run is { Request.StartAt: { } at }
            ? new StartAtJson(ScheduledStart.Format(at), ScheduledStart.Format(run.ReleasedAt), run.StartErrorSeconds)
            : null,
        Clients = run?.Results.ToDictionary(r => r.Namespace, r => r),
        Aggregate = run?.Aggregate,
        ThroughputOverTime = run is null
            ? null
            : [.. buckets.Select(b => new ThroughputBucketJson(Math.Round(b.StartSeconds, 3), Math.Round(b.EndSeconds, 3), Math.Round(b.Mbps, 3)))],
        ThroughputBucketSeconds = run is null ? null : AggregateThroughput.DefaultBucket.TotalSeconds,
        ClientThroughputOverTime = run is null
            ? null
            : perClient.ToDictionary(c => c.Client, c => (IReadOnlyList<double>)[.. c.Buckets.Select(b => Math.Round(b.Mbps, 3))]),
    };

    /// <summary>
    /// True when the engine sampled its uploads' progress (the native engine does; wget prints none for an upload). Without
    /// samples each client's bytes would be spread evenly over its duration, a series of means that sums above the link
    /// while some clients are still running (33 Mbit/s through a 20 Mbit/s upstream): no series then, only the per-client
    /// figures.
    /// </summary>
    private static bool HasProgress(DownloadRun run) => run.Results.Any(r => r.Progress.Count > 0);

    private static UploadJson UploadSection(ScenarioReport report, DownloadRun upload)
    {
        if (!HasProgress(upload))
        {
            return UploadSectionWithoutSeries(report, upload);
        }

        var buckets = AggregateThroughput.Of(upload, AggregateThroughput.DefaultBucket);
        return UploadSectionWithoutSeries(report, upload) with
        {
            ThroughputOverTime = [.. buckets.Select(b => new ThroughputBucketJson(Math.Round(b.StartSeconds, 3), Math.Round(b.EndSeconds, 3), Math.Round(b.Mbps, 3)))],
            ThroughputBucketSeconds = AggregateThroughput.DefaultBucket.TotalSeconds,
            ClientThroughputOverTime = AggregateThroughput.PerClient(upload, AggregateThroughput.DefaultBucket)
                .ToDictionary(c => c.Client, c => (IReadOnlyList<double>)[.. c.Buckets.Select(b => Math.Round(b.Mbps, 3))]),
        };
    }

    private static UploadJson UploadSectionWithoutSeries(ScenarioReport report, DownloadRun upload) => new()
    {
        Url = upload.Request.UploadUrl?.AbsoluteUri ?? upload.Request.Url.AbsoluteUri,
        UpstreamShapedRateMbps = report.UpstreamShapedRateMbps,
        UpstreamAckPriority = report.UpstreamAckPriority,
        Clients = upload.Results.ToDictionary(r => r.Namespace, r => r),
        Aggregate = upload.Aggregate,
    };

    public static string Serialize(ScenarioResultsJson results) =>
        JsonSerializer.Serialize(results, ResultsJsonContext.Default.ScenarioResultsJson);

    private static void Save(List<string> written, string folder, string name, Action<string> write)
    {
        var path = Path.Combine(folder, name);
        write(path);
        written.Add(path);
    }

    private static void Chart(List<string> written, List<string> problems, string folder, string name, Action<string> render)
    {
        var path = Path.Combine(folder, name);
        try
        {
            render(path);
            written.Add(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"{name}: {e.GetType().Name}: {e.Message}");
        }
    }
}
