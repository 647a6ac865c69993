using System.Globalization;
using System.Text.Json;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Support.Results;

namespace NetnsBdd.Support.Merge;

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

    /// <summary>Reads a results.json written by the suite (<see cref="Reports.ScenarioArtifacts"/>) through its records.</summary>
    public static HostScenario Read(string path, string fallbackHost)
    {
        ScenarioResultsJson results;
        try
        {
            using var stream = File.OpenRead(path);
            results = JsonSerializer.Deserialize(stream, ResultsJsonContext.Default.ScenarioResultsJson)
                ?? throw new JsonException("The file holds null.");
        }
        catch (JsonException e)
        {
            // Not JSON, or JSON without the suite's fields (or with other types in them).
            throw new FleetMergeException($"'{path}' is not a results file the suite wrote: {e.Message} Give run folders as the suite writes them (results/<UTC time>-<host>/).");
        }

        return From(results, Path.GetDirectoryName(path)!, fallbackHost);
    }

    private static HostScenario From(ScenarioResultsJson results, string folder, string fallbackHost)
    {
        var host = results.Host ?? fallbackHost;
        var clients = (results.Clients ?? new Dictionary<string, ClientDownloadResult>())
            .Select(c => new HostClient(
                host, c.Key, c.Value.Success, c.Value.Interrupted, c.Value.Bytes, c.Value.Mbps, c.Value.StartedAt,
                c.Value.TimeToResponse is { } t ? c.Value.StartedAt.AddSeconds(t) : null, c.Value.EndedAt))
            .ToList();
        var origin = clients.Count > 0 ? clients.Min(c => c.StartedAt) : default;
        var buckets = (results.ThroughputOverTime ?? [])
            .Select(b => (origin.AddSeconds(b.StartSeconds), origin.AddSeconds(b.EndSeconds), b.Mbps))
            .ToArray();
        // Each client's series shares those buckets: its i-th value is bucket i.
        if (results.ClientThroughputOverTime is { } perClient)
        {
            clients = [.. clients.Select(c => perClient.TryGetValue(c.Namespace, out var values)
                ? c with { Throughput = [.. values.Take(buckets.Length).Select((v, i) => (buckets[i].Item1, buckets[i].Item2, v))] }
                : c)];
        }

        return new HostScenario(host, folder, results.Scenario, results.Status, results.Error)
        {
            Clients = clients,
            Throughput = buckets,
            GoodputMbps = results.Aggregate?.GoodputMbps,
            Fairness = results.Aggregate?.Fairness,
            StartAtIntended = results.StartAt is { } at ? DateTimeOffset.Parse(at.Intended, CultureInfo.InvariantCulture) : null,
            StartErrorSeconds = results.StartAt?.ErrorSeconds,
        };
    }
}
