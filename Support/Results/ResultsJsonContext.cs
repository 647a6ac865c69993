using System.Text.Json.Serialization;

namespace NetnsBdd.Support.Results;

/// <summary>
/// The one serializer of results.json, generated at build time from the contract's records: camelCase names, null
/// fields left out unless a record says a null is part of the contract (e.g. a latency figure that could not be
/// measured), indented for people reading it. The merge reads results files through the same context.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScenarioResultsJson))]
public sealed partial class ResultsJsonContext : JsonSerializerContext;
