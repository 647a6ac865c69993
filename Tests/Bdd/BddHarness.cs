using NetnsBdd.Support.Bdd;

namespace NetnsBdd.Tests.Bdd;

/// <summary>
/// Runs a feature text against an explicit set of binding types, the way the layer's unit tests must: these bindings
/// are never in the product registry (it skips NetnsBdd.Tests), so they cannot make product steps ambiguous.
/// </summary>
internal static class BddHarness
{
    public static async Task<RunOutcome> RunAsync(string featureText, params Type[] bindingTypes) =>
        await RunAsync(featureText, [], bindingTypes);

    public static async Task<RunOutcome> RunAsync(string featureText, IReadOnlyList<IBddRunListener> listeners, params Type[] bindingTypes)
    {
        var log = new Log();
        var output = new StringWriter();
        var feature = FeatureParser.Parse(featureText, "Tests/Bdd/inline.feature");
        if (feature.ParseError is not null)
        {
            throw new InvalidOperationException(feature.ParseError.ToString());
        }

        var run = new BddTestRun(BindingRegistry.FromTypes(bindingTypes), listeners, output);
        run.TestRunContainer.RegisterInstanceAs(log);
        await run.StartAsync();
        var results = await run.RunFeatureAsync(feature, output);
        await run.FinishAsync();
        return new RunOutcome(results, output.ToString(), log, run, feature);
    }
}

internal sealed record RunOutcome(
    IReadOnlyList<ScenarioResult> Results, string Output, Log Log, BddTestRun Run, FeatureDocument Feature)
{
    public ScenarioResult Single => Results.Count == 1
        ? Results[0]
        : throw new InvalidOperationException($"Expected one scenario, got {Results.Count}.");
}

/// <summary>A test-run scoped journal the test bindings write to, so tests can assert what ran and in what order.</summary>
public sealed class Log
{
    private readonly List<string> _entries = new();

    public IReadOnlyList<string> Entries => _entries;

    public void Add(string entry) => _entries.Add(entry);
}
