using Messages = Io.Cucumber.Messages.Types;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// One parsed .feature file: the Gherkin AST, its Cucumber-messages form and the compiled pickles (kept together so a
/// reporter can emit Cucumber messages later), plus the unique test name of each pickle. When the file does not parse,
/// <see cref="ParseError"/> is set and there are no pickles.
/// </summary>
public sealed class FeatureDocument
{
    private readonly Dictionary<string, Messages.Step> _stepsById;
    private readonly Dictionary<string, (Messages.Examples Examples, Messages.TableRow Row)> _rowsById;

    internal FeatureDocument(
        string filePath,
        string uri,
        string source,
        Messages.GherkinDocument? document,
        IReadOnlyList<Messages.Pickle> pickles,
        FeatureParseError? parseError)
    {
        FilePath = filePath;
        Uri = uri;
        Source = source;
        Document = document;
        Pickles = pickles;
        ParseError = parseError;
        _stepsById = new();
        _rowsById = new();
        if (document?.Feature is { } feature)
        {
            Index(feature.Children.SelectMany(c =>
                c.Rule is { } rule
                    ? rule.Children.Select(rc => ((Messages.Background?)rc.Background, (Messages.Scenario?)rc.Scenario))
                    : [((Messages.Background?)c.Background, (Messages.Scenario?)c.Scenario)]));
        }

        TestNames = NameTests();
    }

    /// <summary>Where the file was read from (or the name given to in-memory text).</summary>
    public string FilePath { get; }

    /// <summary>The path relative to the features root, with '/' separators; the Cucumber messages URI.</summary>
    public string Uri { get; }

    public string Source { get; }

    /// <summary>The Cucumber-messages Gherkin document; null when the file did not parse.</summary>
    public Messages.GherkinDocument? Document { get; }

    public IReadOnlyList<Messages.Pickle> Pickles { get; }

    public FeatureParseError? ParseError { get; }

    /// <summary>"Feature name: Scenario name", made unique per pickle (outline rows get their values appended).</summary>
    public IReadOnlyList<string> TestNames { get; }

    public string FeatureName => Document?.Feature?.Name ?? System.IO.Path.GetFileNameWithoutExtension(FilePath);

    public FeatureInfo FeatureInfo => new(
        FeatureName,
        Document?.Feature?.Description?.Trim() ?? string.Empty,
        Document?.Feature?.Tags.Select(t => t.Name.TrimStart('@')).ToArray() ?? [],
        FilePath,
        Document?.Feature?.Language ?? "en");

    /// <summary>The Gherkin step a pickle step came from (keyword as written, location).</summary>
    public Messages.Step? SourceStepOf(Messages.PickleStep step) =>
        step.AstNodeIds.Count > 0 && _stepsById.TryGetValue(step.AstNodeIds[0], out var source) ? source : null;

    /// <summary>The Examples header → value pairs of an outline pickle; empty for a plain scenario.</summary>
    public IReadOnlyDictionary<string, string> ExampleArgumentsOf(Messages.Pickle pickle)
    {
        if (pickle.AstNodeIds.Count < 2 || !_rowsById.TryGetValue(pickle.AstNodeIds[^1], out var found))
        {
            return new Dictionary<string, string>();
        }

        var result = new Dictionary<string, string>();
        var header = found.Examples.TableHeader?.Cells ?? [];
        for (var i = 0; i < header.Count && i < found.Row.Cells.Count; i++)
        {
            result[header[i].Value] = found.Row.Cells[i].Value;
        }

        return result;
    }

    public string TestNameOf(Messages.Pickle pickle)
    {
        for (var i = 0; i < Pickles.Count; i++)
        {
            if (ReferenceEquals(Pickles[i], pickle) || Pickles[i].Id == pickle.Id)
            {
                return TestNames[i];
            }
        }

        throw new ArgumentException($"Pickle '{pickle.Name}' does not belong to {Uri}.", nameof(pickle));
    }

    private void Index(IEnumerable<(Messages.Background? Background, Messages.Scenario? Scenario)> children)
    {
        foreach (var (background, scenario) in children)
        {
            foreach (var step in background?.Steps ?? [])
            {
                _stepsById[step.Id] = step;
            }

            foreach (var step in scenario?.Steps ?? [])
            {
                _stepsById[step.Id] = step;
            }

            foreach (var examples in scenario?.Examples ?? [])
            {
                foreach (var row in examples.TableBody ?? [])
                {
                    _rowsById[row.Id] = (examples, row);
                }
            }
        }
    }

    private string[] NameTests()
    {
        var names = Pickles.Select(p =>
        {
            var arguments = ExampleArgumentsOf(p);
            var name = $"{FeatureName}: {p.Name}";
            return arguments.Count == 0 ? name : $"{name} [{string.Join(", ", arguments.Select(a => $"{a.Key}={a.Value}"))}]";
        }).ToArray();

        // Same-named scenarios or identical example rows would collide in NUnit; number the repeats.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var count = seen.TryGetValue(names[i], out var c) ? c + 1 : 1;
            seen[names[i]] = count;
            if (count > 1)
            {
                names[i] = $"{names[i]} #{count}";
            }
        }

        return names;
    }
}
