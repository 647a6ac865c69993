using System.Text.Json;
using System.Text.Json.Nodes;
using NetnsBdd.Drivers.Downloads;

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

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

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

        Save(written, folder, ResultsJson, path => File.WriteAllText(path, ResultsDocument(report, run, buckets, perClient)));

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
            // results.json was written first; a chart's failure is added after the fact so the reason is not lost.
            var path = Path.Combine(folder, ResultsJson);
            var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            node["reportProblems"] = new JsonArray(problems.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
            File.WriteAllText(path, node.ToJsonString(Indented));
        }

        return written;
    }

    /// <summary>The seed's download shape (url, timeoutSeconds, clients, aggregate) with the scenario's fields beside it.</summary>
    private static string ResultsDocument(
        ScenarioReport report, DownloadRun? run, IReadOnlyList<ThroughputBucket> buckets,
        IReadOnlyList<(string Client, IReadOnlyList<ThroughputBucket> Buckets)> perClient)
    {
        var document = new JsonObject
        {
            ["scenario"] = report.Title,
            ["status"] = report.Status,
        };
        if (report.Host is not null)
        {
            document["host"] = report.Host;
        }

        if (report.ErrorMessage is not null)
        {
            document["error"] = report.ErrorMessage;
        }

        if (report.ShapedRateMbps is { } shaped)
        {
            document["shapedRateMbps"] = shaped;
        }

        if (report.Latency is { } latency)
        {
            document["latency"] = latency.ToJson();
        }

        if (report.Lab is not null)
        {
            document["lab"] = report.Lab.Json.DeepClone();
        }

        if (report.Soak is not null)
        {
            document["soak"] = report.Soak.ToJson();
        }

        if (run is not null)
        {
            foreach (var (name, value) in JsonNode.Parse(run.ToJson())!.AsObject().ToArray())
            {
                document[name] = value?.DeepClone();
            }

            document["throughputOverTime"] = new JsonArray(buckets
                .Select(b => (JsonNode)new JsonObject
                {
                    ["startSeconds"] = Math.Round(b.StartSeconds, 3),
                    ["endSeconds"] = Math.Round(b.EndSeconds, 3),
                    ["mbps"] = Math.Round(b.Mbps, 3),
                })
                .ToArray());

            // Each client's Mbit/s per bucket, same buckets as throughputOverTime (its i-th value is bucket i).
            document["throughputBucketSeconds"] = AggregateThroughput.DefaultBucket.TotalSeconds;
            var clients = new JsonObject();
            foreach (var (client, series) in perClient)
            {
                clients[client] = new JsonArray(series.Select(b => (JsonNode)JsonValue.Create(Math.Round(b.Mbps, 3))).ToArray());
            }

            document["clientThroughputOverTime"] = clients;
        }

        return document.ToJsonString(Indented);
    }

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
