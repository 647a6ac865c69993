using System.Text.Json.Nodes;
using Io.Cucumber.Messages.Types;
using NetnsBdd.Support.Reports.Messages;

namespace NetnsBdd.Tests.Reports;

/// <summary>An NDJSON file read back the way a consumer would: line by line, each line one envelope.</summary>
internal sealed record CucumberMessagesFile(IReadOnlyList<string> Lines, IReadOnlyList<Envelope> Envelopes)
{
    public static CucumberMessagesFile Read(string path)
    {
        var lines = File.ReadAllText(path).Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("The last line is not terminated by a line break.");
        }

        var content = lines[..^1];
        return new CucumberMessagesFile(content, content.Select(CucumberMessagesJson.Deserialize).ToList());
    }

    public IEnumerable<T> All<T>(Func<Envelope, T?> select) where T : class =>
        Envelopes.Select(select).Where(m => m is not null).Select(m => m!);

    /// <summary>The names of the message properties set in each line, from the raw JSON (not the typed reader).</summary>
    public IEnumerable<IReadOnlyList<string>> MessageNamesPerLine =>
        Lines.Select(l => (IReadOnlyList<string>)JsonNode.Parse(l)!.AsObject().Select(p => p.Key).ToList());

    /// <summary>Every value of an "id" property anywhere in the gherkinDocument lines.</summary>
    public IReadOnlyList<string> GherkinNodeIds =>
        Lines.Select(l => JsonNode.Parse(l)!["gherkinDocument"]).Where(d => d is not null).SelectMany(d => IdsIn(d!)).ToList();

    private static IEnumerable<string> IdsIn(JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "id" && p.Value is JsonValue v ? [v.GetValue<string>()] : p.Value is null ? [] : IdsIn(p.Value)),
        JsonArray array => array.Where(i => i is not null).SelectMany(i => IdsIn(i!)),
        _ => [],
    };
}
