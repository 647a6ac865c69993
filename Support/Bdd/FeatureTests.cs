using NetnsBdd.Support.Bdd;
using NUnit.Framework;

// The fixtures live in their own namespace so BddTestRunSetUp (a SetUpFixture) wraps exactly the product features:
// BeforeTestRun/AfterTestRun map to its OneTimeSetUp/OneTimeTearDown, BeforeFeature/AfterFeature to the fixture's.
namespace NetnsBdd.Features;

/// <summary>
/// One NUnit fixture per .feature file (named after its path), one test per pickle (see <see cref="ScenarioCasesAttribute"/>).
/// No feature files: no fixtures, no tests. [NonParallelizable] keeps scenarios serial even if someone enables
/// assembly-level parallelism: they share one lab.
/// </summary>
[TestFixtureSource(nameof(FixtureData))]
[NonParallelizable]
public sealed class FeatureTests(string featureUri)
{
    private FeatureRun? _run;

    public static IEnumerable<TestFixtureData> FixtureData() =>
        ProductRun.Features.Select(f => new TestFixtureData(f.Uri) { TestName = FixtureName(f.Uri) });

    [OneTimeSetUp]
    public async Task StartFeatureAsync()
    {
        var feature = ProductRun.Feature(featureUri);
        if (feature.ParseError is null)
        {
            var run = await ProductRun.GetOrStartAsync(TestContext.Progress);
            _run = await run.StartFeatureAsync(feature);
        }
    }

    [OneTimeTearDown]
    public async Task FinishFeatureAsync()
    {
        if (_run is not null)
        {
            await _run.FinishAsync();
            if (_run.FeatureContext.TestError is { } error)
            {
                throw new ScenarioFailedException($"Feature '{_run.Document.FeatureName}' hooks failed: {error.Message}", error);
            }
        }
    }

    [ScenarioCases]
    public async Task Scenario(int pickleIndex)
    {
        var feature = ProductRun.Feature(featureUri);
        if (feature.ParseError is { } parseError)
        {
            throw new ScenarioFailedException(parseError.ToFailureMessage(), null);
        }

        var run = _run ?? throw new InvalidOperationException($"Feature '{featureUri}' was not started; its OneTimeSetUp failed.");
        var result = await run.RunScenarioAsync(feature.Pickles[pickleIndex], TestContext.Out, TestContext.CurrentContext.CancellationToken);
        if (result is { Status: ScenarioExecutionStatus.Skipped, Errors: [var only] })
        {
            if (only is IgnoreException)
            {
                Assert.Ignore(only.Message);
            }

            Assert.Inconclusive(only.Message);
        }

        if (!result.Succeeded)
        {
            throw new ScenarioFailedException(result.FailureMessage, result.Error);
        }
    }

    /// <summary>"Features/wifi/load.feature" → "wifi.load": stable across runs and unique per file.</summary>
    internal static string FixtureName(string uri)
    {
        var name = uri.StartsWith("Features/", StringComparison.Ordinal) ? uri["Features/".Length..] : uri;
        return (name.EndsWith(".feature", StringComparison.OrdinalIgnoreCase) ? name[..^".feature".Length] : name).Replace('/', '.');
    }
}
