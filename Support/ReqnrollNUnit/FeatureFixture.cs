using NUnit.Framework;
using Reqnroll;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>
/// What Reqnroll.NUnit generates per .feature file, done at run time: one NUnit fixture per file, one test per
/// pickle (see <see cref="ScenarioCasesAttribute"/>), driving <see cref="ITestRunner"/> in the generated code's order.
/// Derive a class with <c>[TestFixtureSource]</c> over <see cref="FixturesUnder"/>. [NonParallelizable]: scenarios
/// run one after another.
/// </summary>
[NonParallelizable]
public abstract class FeatureFixture(FeatureFile feature)
{
    private ITestRunner? _runner;

    public FeatureFile Feature { get; } = feature;

    /// <summary>One fixture per file under <paramref name="root"/> (relative to the test assembly's folder).</summary>
    public static IEnumerable<TestFixtureData> FixturesUnder(string root) =>
        FeatureFile.Discover(Path.Combine(AppContext.BaseDirectory, root)).Select(f =>
        {
            var data = new TestFixtureData(f) { TestName = f.FixtureName };
            data.Properties.Set(NUnit.Framework.Internal.PropertyNames.Description, f.FeatureInfo?.Title ?? f.Uri);
            return data;
        });

    [SetUp]
    public async Task TestInitializeAsync()
    {
        if (Feature.FeatureInfo is not { } featureInfo)
        {
            return;
        }

        _runner = TestRunnerManager.GetTestRunnerForAssembly(GetType().Assembly, featureHint: featureInfo);
        try
        {
            if (_runner.FeatureContext is { } running && !running.FeatureInfo.Equals(featureInfo))
            {
                await _runner.OnFeatureEndAsync();
            }
        }
        finally
        {
            if (_runner.FeatureContext?.BeforeFeatureHookFailed == true)
            {
                throw new ReqnrollException("[before feature hook error]");
            }

            if (_runner.FeatureContext is null)
            {
                await _runner.OnFeatureStartAsync(featureInfo);
            }
        }
    }

    [ScenarioCases]
    public async Task Scenario(int index)
    {
        if (Feature.ParseError is { } parseError)
        {
            Assert.Fail(parseError);
        }

        var scenario = Feature.Scenarios[index];
        var runner = _runner!;
        runner.OnScenarioInitialize(scenario.Info, scenario.Rule);
        if (scenario.Ignored)
        {
            await runner.SkipScenarioAsync();
        }
        else
        {
            await runner.OnScenarioStartAsync();
            foreach (var step in scenario.Steps)
            {
                await step.RunAsync(runner);
            }
        }

        await runner.CollectScenarioErrorsAsync();
    }

    [TearDown]
    public async Task TestTearDownAsync()
    {
        if (_runner is null)
        {
            return;
        }

        try
        {
            await _runner.OnScenarioEndAsync();
        }
        finally
        {
            TestRunnerManager.ReleaseTestRunner(_runner);
            _runner = null;
        }
    }

    [OneTimeTearDown]
    public async Task FeatureTearDownAsync()
    {
        if (Feature.FeatureInfo is { } featureInfo)
        {
            await TestRunnerManager.ReleaseFeatureAsync(featureInfo, GetType().Assembly);
        }
    }
}
