using FluentAssertions;
using NetnsBdd.Support.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Tests.Bdd;

[Binding]
public sealed class HookedSteps(Log log)
{
    [BeforeTestRun]
    public static void BeforeRun(Log log) => log.Add("before run");

    [AfterTestRun]
    public static void AfterRun(Log log) => log.Add("after run");

    [BeforeFeature]
    public static void BeforeFeature(Log log, FeatureContext feature) => log.Add($"before feature {feature.FeatureInfo.Title}");

    [AfterFeature]
    public static void AfterFeature(Log log) => log.Add("after feature");

    [BeforeFeature("other")]
    public static void OtherFeatureOnly(Log log) => log.Add("WRONG: feature tag filter ignored");

    [BeforeScenario(Order = 20)]
    public void Second() => log.Add("before scenario 20");

    [BeforeScenario(Order = 10)]
    public void First() => log.Add("before scenario 10");

    [BeforeScenario("@tagged", Order = 15)]
    public void Tagged() => log.Add("before tagged 15");

    [AfterScenario]
    public void After(ScenarioContext scenario) => log.Add($"after scenario {scenario.ScenarioInfo.Title} {scenario.ScenarioExecutionStatus}");

    [BeforeStep]
    public void BeforeStep(ScenarioContext scenario) => log.Add($"before step {scenario.StepContext?.Text}");

    [AfterStep]
    public void AfterStep() => log.Add("after step");

    [Given("a hooked step")]
    public void Step() => log.Add("step");

    [Given("a failing hooked step")]
    public void Failing() => throw new InvalidOperationException("step failed");
}

[Binding]
public sealed class FailingBeforeHook(Log log)
{
    [BeforeScenario(Order = 1)]
    public void Throws() => throw new InvalidOperationException("hook failed");

    [BeforeScenario(Order = 2)]
    public void NeverRuns() => log.Add("WRONG: before hook after a failed one");

    [AfterScenario(Order = 1)]
    public void AfterThrows() => throw new InvalidOperationException("after hook failed too");

    [AfterScenario(Order = 2)]
    public void AfterRuns(ScenarioContext scenario) => log.Add($"after scenario: {scenario.TestError?.Message}");

    [Given("a step")]
    public void Step() => log.Add("WRONG: step after a failed before hook");
}

[TestFixture]
[Category("unit")]
public sealed class HookTests
{
    [Test]
    public async Task HooksRunInOrderWithTagFilters()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Hooks
              @tagged
              Scenario: Tagged
                Given a hooked step
              Scenario: Plain
                Given a hooked step
            """,
            typeof(HookedSteps));

        outcome.Log.Entries.Should().Equal(
            "before run",
            "before feature Hooks",
            "before scenario 10",
            "before tagged 15",
            "before scenario 20",
            "before step a hooked step",
            "step",
            "after step",
            "after scenario Tagged OK",
            "before scenario 10",
            "before scenario 20",
            "before step a hooked step",
            "step",
            "after step",
            "after scenario Plain OK",
            "after feature",
            "after run");
    }

    [Test]
    public async Task AfterHooksRunAfterAStepFailure()
    {
        var outcome = await BddHarness.RunAsync(
            "Feature: Hooks\n  Scenario: Fails\n    Given a failing hooked step\n    And a hooked step\n",
            typeof(HookedSteps));

        outcome.Single.Status.Should().Be(ScenarioExecutionStatus.TestError);
        outcome.Log.Entries.Should().Equal(
            "before run",
            "before feature Hooks",
            "before scenario 10",
            "before scenario 20",
            "before step a failing hooked step",
            "after step",
            "after scenario Fails TestError",
            "after feature",
            "after run");
    }

    [Test]
    public async Task AfterHooksRunAfterABeforeHookFailureAndAllErrorsAreReported()
    {
        var outcome = await BddHarness.RunAsync("Feature: Hooks\n  Scenario: S\n    Given a step\n", typeof(FailingBeforeHook));

        var result = outcome.Single;
        result.Status.Should().Be(ScenarioExecutionStatus.TestError);
        result.Error.Should().BeOfType<HookException>().Which.InnerException!.Message.Should().Be("hook failed");
        result.Steps.Single().Status.Should().Be(StepStatus.Skipped);
        outcome.Log.Entries.Should().Equal("after scenario: [BeforeScenario] NetnsBdd.Tests.Bdd.FailingBeforeHook.Throws failed: hook failed");
        result.FailureMessage.Should().Contain("hook failed").And.Contain("Also: [AfterScenario] NetnsBdd.Tests.Bdd.FailingBeforeHook.AfterThrows failed: after hook failed too");
    }
}
