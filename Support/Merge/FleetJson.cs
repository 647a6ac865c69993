using System.Text.Json.Serialization;

namespace NetnsBdd.Support.Merge;

/// <summary>
/// fleet.json, the merge's report: which hosts ran (and which failed or never delivered a run folder), and per
/// scenario the start spread across hosts, the goodput while every host was downloading, fairness over every client
/// of every host, and each host's own figures. Times are UTC ("" when there was none); figures that could not be
/// computed are null. Tests/Fixtures/Results/fleet.json pins the names.
/// </summary>
public sealed record FleetJson(
    IReadOnlyList<FleetHostJson> Hosts,
    IReadOnlyList<string> MissingHosts,
    IReadOnlyList<string> FailedHosts,
    IReadOnlyList<FleetScenarioJson> Scenarios)
{
    /// <summary>Charts that could not be drawn, each with its reason; absent when every chart was drawn.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ReportProblems { get; init; }
}

public sealed record FleetHostJson(string Host, string RunFolder, bool Failed);

/// <param name="HostStartSpreadSeconds">Between the hosts' first response bytes.</param>
/// <param name="ClientFirstByteSpreadSeconds">Between the first response bytes of every client of every host.</param>
/// <param name="CombinedGoodputMbps">All hosts' payload while every host was downloading (<see cref="CommonWindow"/>).</param>
/// <param name="OverallGoodputMbps">All file bytes from the first response to the last byte.</param>
public sealed record FleetScenarioJson(
    string Scenario,
    IReadOnlyList<string> StartAt,
    double? HostStartSpreadSeconds,
    double? ClientFirstByteSpreadSeconds,
    FleetWindowJson? CommonWindow,
    double? CombinedGoodputMbps,
    double? OverallGoodputMbps,
    long TotalBytes,
    int Clients,
    int Succeeded,
    double? Fairness,
    double? FairnessInCommonWindow,
    IReadOnlyList<string> Charts,
    IReadOnlyList<FleetHostScenarioJson> PerHost);

/// <summary>The time every host was downloading: from the last host's first byte to the first host's last byte.</summary>
public sealed record FleetWindowJson(string Start, string End, double Seconds);

/// <summary>One host's run of a scenario, with the folder its results.json is in.</summary>
public sealed record FleetHostScenarioJson(
    string Host,
    string Status,
    string? Error,
    string ResultsFolder,
    int Clients,
    int Succeeded,
    long Bytes,
    double? GoodputMbps,
    double? MbpsInCommonWindow,
    double? Fairness,
    string FirstByte,
    string LastByte,
    double? StartErrorSeconds);

/// <summary>fleet.json's serializer, generated at build time; nulls are written (a figure that could not be computed shows as null).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FleetJson))]
public sealed partial class FleetJsonContext : JsonSerializerContext;
