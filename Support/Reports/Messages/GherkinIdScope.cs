using System.Text.Json.Nodes;

namespace NetnsBdd.Support.Reports.Messages;

/// <summary>
/// Makes one feature's Gherkin ids unique in the run. The layer parses every file with a fresh
/// <c>IncrementingIdGenerator</c>, so two features both have a pickle "3"; in one NDJSON stream that would merge
/// them. Each feature gets a prefix, applied to the ids of its document and pickles and to every reference to them.
/// </summary>
internal sealed class GherkinIdScope(string prefix)
{
    public string Map(string id) => prefix + id;

    /// <summary>Prefixes the id fields of a serialized GherkinDocument or Pickle (in place) and returns it.</summary>
    public JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is null)
                    {
                        continue;
                    }

                    if (name is "id" or "astNodeId" && value is JsonValue single)
                    {
                        obj[name] = Map(single.GetValue<string>());
                    }
                    else if (name == "astNodeIds" && value is JsonArray ids)
                    {
                        obj[name] = new JsonArray(ids.Select(i => (JsonNode)Map(i!.GetValue<string>())).ToArray());
                    }
                    else
                    {
                        Rewrite(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Rewrite(item);
                    }
                }

                break;
        }

        return node;
    }
}
