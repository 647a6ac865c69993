using FluentAssertions;
using NetnsBdd.Features;
using NetnsBdd.Support.Bdd;
using NUnit.Framework;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Tests.Bdd;

public sealed class RecordingListener : IBddRunListener
{
    public List<string> Events { get; } = new();

    public void OnTestRunStarted(TestRunStartedEvent e) => Events.Add("run started");

    public void OnTestRunFinished(TestRunFinishedEvent e) => Events.Add("run finished");

    public void OnFeatureStarted(FeatureStartedEvent e) =>
        Events.Add($"feature started {e.Feature.Document.Document!.Feature.Name} ({e.Feature.Document.Pickles.Count} pickles)");

    public void OnFeatureFinished(FeatureFinishedEvent e) => Events.Add("feature finished");

    public void OnScenarioStarted(ScenarioStartedEvent e) => Events.Add($"scenario started {e.Scenario.Pickle.Name} id={e.Scenario.Pickle.Id.Length > 0}");

    public void OnScenarioFinished(ScenarioFinishedEvent e) => Events.Add($"scenario finished {e.Result.Status}");

    public void OnStepStarted(StepStartedEvent e) => Events.Add($"step started {e.Keyword}{e.Step.Text}");

    public void OnStepFinished(StepFinishedEvent e) =>
        Events.Add($"step finished {e.Result.Keyword}{e.Result.Text} {e.Result.Status} by {e.Result.Binding?.Method.Name ?? "-"} error={e.Result.Error?.Message ?? "-"}");

    public void OnHookFinished(HookFinishedEvent e) => Events.Add($"hook {e.Result.Hook.HookType}");
}

[Binding]
public sealed class ListenerBindingSteps : IBddRunListener
{
    public static List<string> Seen { get; } = new();

    public void OnScenarioFinished(ScenarioFinishedEvent e) => Seen.Add(e.Result.TestName);
}

[TestFixture]
[Category("unit")]
public sealed class RunListenerTests
{
    [Test]
    public async Task AListenerObservesTheWholeRunInOrder()
    {
        var listener = new RecordingListener();

        await BddHarness.RunAsync(
            "Feature: Observed\n  Scenario: S\n    Given step a\n    When it breaks\n    Then step c\n",
            [listener],
            typeof(FlowSteps));

        listener.Events.Should().Equal(
            "run started",
            "feature started Observed (1 pickles)",
            "scenario started S id=True",
            "step started Given step a",
            "step finished Given step a Passed by GivenStep error=-",
            "step started When it breaks",
            "step finished When it breaks Failed by Breaks error=boom",
            "step started Then step c",
            "step finished Then step c Skipped by ThenStep error=-",
            "scenario finished TestError",
            "feature finished",
            "run finished");
    }

    [Test]
    public async Task BindingClassesImplementingTheListenerAreDiscovered()
    {
        ListenerBindingSteps.Seen.Clear();

        await BddHarness.RunAsync("Feature: L\n  Scenario: S\n    Given step a\n", typeof(FlowSteps), typeof(ListenerBindingSteps));

        ListenerBindingSteps.Seen.Should().Equal("L: S");
    }

    [Test]
    public async Task AThrowingListenerDoesNotFailTheScenario()
    {
        var outcome = await BddHarness.RunAsync("Feature: L\n  Scenario: S\n    Given step a\n", [new ThrowingListener()], typeof(FlowSteps));

        outcome.Single.Succeeded.Should().BeTrue();
        outcome.Run.ListenerErrors.Should().ContainSingle().Which.Message.Should().Be("reporter broke");
        outcome.Output.Should().Contain("[warning] run listener ThrowingListener threw: reporter broke");
    }

    private sealed class ThrowingListener : IBddRunListener
    {
        public void OnScenarioStarted(ScenarioStartedEvent e) => throw new IOException("reporter broke");
    }
}

[TestFixture]
[Category("unit")]
public sealed class ProductDiscoveryTests
{
    [Test]
    public void TheProductRegistryLeavesOutTheLayersTestBindings()
    {
        var everything = BindingRegistry.FromAssembly(typeof(FlowSteps).Assembly);
        var product = BindingRegistry.ForProduct();

        everything.StepBindings.Should().Contain(b => b.Method.DeclaringType == typeof(FlowSteps), "the filter must be what keeps them out");
        product.StepBindings.Select(b => b.Method).Concat(product.Hooks.Select(h => h.Method))
            .Select(m => m.DeclaringType!.Namespace ?? string.Empty)
            .Should().NotContain(ns => ns.StartsWith("NetnsBdd.Tests", StringComparison.Ordinal));
        product.ListenerTypes.Should().NotContain(typeof(ListenerBindingSteps));
    }

    [TestCase("Features/router_load.feature", "router_load")]
    [TestCase("Features/wifi/roaming.feature", "wifi.roaming")]
    public void FixtureNamesAreStableAndFollowTheFilePath(string uri, string expected) =>
        FeatureTests.FixtureName(uri).Should().Be(expected);

    [Test]
    public void DiscoveringAMissingFolderFindsNoFeatures() =>
        FeatureParser.Discover(Path.Combine(RunScratch.ForProcess.Path, Guid.NewGuid().ToString("N"))).Should().BeEmpty();

    [Test]
    public void DiscoveryFindsFeatureFilesRecursivelyInPathOrder()
    {
        var root = new DirectoryInfo(RunScratch.ForProcess.NewFolder("bdd-features"));
        try
        {
            var features = Directory.CreateDirectory(Path.Combine(root.FullName, "Features"));
            Directory.CreateDirectory(Path.Combine(features.FullName, "b"));
            File.WriteAllText(Path.Combine(features.FullName, "b", "two.feature"), "Feature: Two\n  Scenario: S\n    Given x\n");
            File.WriteAllText(Path.Combine(features.FullName, "a.feature"), "Feature: One\n  Scenario: S\n    Given x\n");
            File.WriteAllText(Path.Combine(features.FullName, "notes.txt"), "not a feature");

            FeatureParser.Discover(features.FullName).Select(f => (f.Uri, f.FeatureName))
                .Should().Equal(("Features/a.feature", "One"), ("Features/b/two.feature", "Two"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
