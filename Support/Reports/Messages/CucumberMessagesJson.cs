using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Io.Cucumber.Messages.Types;

namespace NetnsBdd.Support.Reports.Messages;

/// <summary>
/// The messages schema's JSON form of envelopes: camelCase names, enums as their schema strings, absent optional
/// fields left out. Cucumber.Messages for .NET ships the types and an NDJSON reader/writer that take a serializer
/// delegate, but no serializer, so this is it (reading and writing must agree, hence one place).
/// </summary>
public static class CucumberMessagesJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>One NDJSON line (no line break): the envelope as a single JSON object.</summary>
    public static string Serialize(Envelope envelope) => JsonSerializer.Serialize(envelope, Options);

    public static JsonNode ToNode(object message) =>
        JsonSerializer.SerializeToNode(message, message.GetType(), Options)
        ?? throw new InvalidOperationException($"A {message.GetType().Name} serialized to null.");

    public static Envelope Deserialize(string line) =>
        JsonSerializer.Deserialize<Envelope>(line, Options)
        ?? throw new JsonException("The line is JSON null, not an envelope.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Step texts and messages carry quotes, < and non-ASCII; readable output beats \u escapes, and NDJSON
            // is never embedded in HTML unescaped.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
        };
        options.Converters.Add(new CucumberEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
