using System.Globalization;
using System.Text.Json.Nodes;

namespace NetnsBdd.Support.Fleet;

/// <summary>One scenario of one host's run: the parts of its results.json a fleet report needs.</summary>
public sealed record HostScenario(string Host, string Folder, string Title, string Status, string? Error)
{
    public IReadOnlyList<HostClient> Clients { get; init; } = [];

    /// <summary>The run's 100 ms throughput series (all of this host's clients), each bucket on the UTC clock.</summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End, double Mbps)> Throughput { get; init; } = [];

    public double? GoodputMbps { get; init; }

    public double? Fairness { get; init; }

    public DateTimeOffset? StartAtIntended { get; init; }

    public double? StartErrorSeconds { get; init; }

    public bool Passed => Status == "OK" || Status == "Passed";

    public bool Downloaded => Clients.Count > 0;

    public DateTimeOffset? FirstByte => Clients.Select(c => c.FirstByte).Where(f => f is not null).Min();

    public DateTimeOffset? LastEnd => Clients.Count == 0 ? null : Clients.Max(c => c.EndedAt);

    public long Bytes => Clients.Sum(c => c.Bytes);

    /// <summary>Reads a results.json written by the suite (<see cref="Reports.ScenarioArtifacts"/>).</summary>
    public static HostScenario Read(string path, string fallbackHost)
    {
        try
        {
            return Parse(path, fallbackHost);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or FormatException
                                       or InvalidCastException or ArgumentException)
        {
            // Not JSON, or JSON without the suite's fields (or with other types in them).
            throw new FleetMergeException($"'{path}' is not a results file the suite wrote: {e.Message}. Give run folders as the suite writes them (results/<UTC time>-<host>/).");
        }
    }

    private static HostScenario Parse(string path, string fallbackHost)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new FormatException("empty");

        var title = (string?)json["scenario"] ?? throw new FleetMergeException($"'{path}' names no scenario: it is not a results file the suite wrote.");
        var host = (string?)json["host"] ?? fallbackHost;
        var clients = new List<HostClient>();
        if (json["clients"] is JsonObject list)
        {
            foreach (var (ns, node) in list)
            {
                var c = node!.AsObject();
                var started = DateTimeOffset.Parse((string)c["startedAt"]!, CultureInfo.InvariantCulture);
                var ttr = (double?)c["timeToResponse"];
                clients.Add(new HostClient(
                    host, ns, (bool)c["success"]!, (bool)c["interrupted"]!, (long)c["bytes"]!, (double)c["mbps"]!, started,
                    ttr is { } t ? started.AddSeconds(t) : null, started.AddSeconds((double)c["duration"]!)));
            }
        }

        var origin = clients.Count > 0 ? clients.Min(c => c.StartedAt) : default;
        var buckets = (json["throughputOverTime"] as JsonArray ?? [])
            .Select(b => (origin.AddSeconds((double)b!["startSeconds"]!), origin.AddSeconds((double)b["endSeconds"]!), (double)b["mbps"]!))
            .ToArray();
        // Each client's series shares those buckets: its i-th value is bucket i.
        if (json["clientThroughputOverTime"] is JsonObject perClient)
        {
            clients = [.. clients.Select(c => perClient[c.Namespace] is JsonArray values
                ? c with { Throughput = [.. values.Select((v, i) => i < buckets.Length ? (buckets[i].Item1, buckets[i].Item2, (double)v!) : default).Where(b => b != default)] }
                : c)];
        }

        var startAt = json["startAt"] as JsonObject;
        return new HostScenario(host, Path.GetDirectoryName(path)!, title, (string?)json["status"] ?? "unknown", (string?)json["error"])
        {
            Clients = clients,
            Throughput = buckets,
            GoodputMbps = (double?)json["aggregate"]?["goodputMbps"],
            Fairness = (double?)json["aggregate"]?["fairness"],
            StartAtIntended = (string?)startAt?["intended"] is { } intended ? DateTimeOffset.Parse(intended, CultureInfo.InvariantCulture) : null,
            StartErrorSeconds = (double?)startAt?["errorSeconds"],
        };
    }
}
