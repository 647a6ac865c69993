using FluentAssertions;
using NetnsBdd.Support.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Tests.Bdd;

[Binding]
public sealed class FlowSteps(Log log)
{
    [Given("step {word}")]
    public void GivenStep(string name) => log.Add($"given {name}");

    [When("step {word}")]
    public void WhenStep(string name) => log.Add($"when {name}");

    [Then("step {word}")]
    public void ThenStep(string name) => log.Add($"then {name}");

    [When("it breaks")]
    public void Breaks() => throw new InvalidOperationException("boom");

    [When("it is not written yet")]
    public void NotYet() => ScenarioContext.Pending();

    [StepDefinition("any keyword {int}")]
    public void AnyKeyword(int n) => log.Add($"any {n}");
}

[Binding]
public sealed class DuplicateSteps
{
    [Given("step {word}")]
    public void Duplicate(string name) => _ = name;
}

[TestFixture]
[Category("unit")]
public sealed class ScenarioRunTests
{
    [Test]
    public async Task OutlineRowsBecomeDistinctlyNamedScenarios()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Outlines
              Scenario Outline: Load <size>
                Given step <size>
                Examples:
                  | size  |
                  | small |
                  | big   |
                  | big   |
            """,
            typeof(FlowSteps));

        outcome.Results.Select(r => r.TestName).Should().Equal(
            "Outlines: Load small [size=small]", "Outlines: Load big [size=big]", "Outlines: Load big [size=big] #2");
        outcome.Log.Entries.Should().Equal("given small", "given big", "given big");
    }

    [Test]
    public async Task BackgroundStepsRunBeforeEachScenario()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Background
              Background:
                Given step setup
              Scenario: One
                When step one
              Scenario: Two
                When step two
            """,
            typeof(FlowSteps));

        outcome.Log.Entries.Should().Equal("given setup", "when one", "given setup", "when two");
    }

    [Test]
    public async Task AndAndButTakeThePreviousKeyword()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Conjunctions
              Scenario: And and But
                Given step a
                And step b
                When step c
                But step d
                Then step e
                And step f
                * any keyword 3
            """,
            typeof(FlowSteps));

        outcome.Single.Succeeded.Should().BeTrue(outcome.Single.FailureMessage);
        outcome.Log.Entries.Should().Equal("given a", "given b", "when c", "when d", "then e", "then f", "any 3");
    }

    [Test]
    public async Task StepsAfterAFailureAreSkippedAndEchoed()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Failure
              Scenario: Breaks midway
                Given step a
                When it breaks
                Then step c
            """,
            typeof(FlowSteps));

        var result = outcome.Single;
        result.Status.Should().Be(ScenarioExecutionStatus.TestError);
        result.Error.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("boom");
        result.Steps.Select(s => s.Status).Should().Equal(StepStatus.Passed, StepStatus.Failed, StepStatus.Skipped);
        outcome.Log.Entries.Should().Equal("given a");
        outcome.Output.Should().MatchRegex(@"  Given step a -> done \(\d+\.\d\d s\)");
        outcome.Output.Should().MatchRegex(@"  When it breaks -> error: boom \(\d+\.\d\d s\)");
        outcome.Output.Should().Contain("  Then step c -> skipped because of previous errors");
    }

    [Test]
    public async Task AnInconclusiveStepSkipsTheScenarioWithItsReasonNeverAPass()
    {
        var outcome = await BddHarness.RunAsync(
            "Feature: F\n  Scenario: S\n    Then the sensor is absent\n    And step later\n", typeof(FlowSteps), typeof(SensorSteps));

        outcome.Single.Status.Should().Be(ScenarioExecutionStatus.Skipped);
        outcome.Single.Succeeded.Should().BeFalse();
        outcome.Single.Steps.Select(s => s.Status).Should().Equal(StepStatus.Skipped, StepStatus.Skipped);
        outcome.Output.Should().Contain("  Then the sensor is absent -> inconclusive: no thermal sensor on this host");
    }

    [Test]
    public async Task APendingStepFailsTheScenarioAsPending()
    {
        var outcome = await BddHarness.RunAsync("Feature: F\n  Scenario: S\n    When it is not written yet\n", typeof(FlowSteps));

        outcome.Single.Status.Should().Be(ScenarioExecutionStatus.StepDefinitionPending);
        outcome.Single.Steps.Single().Status.Should().Be(StepStatus.Pending);
        outcome.Output.Should().Contain("  When it is not written yet -> pending:");
    }

    [Test]
    public async Task AnUndefinedStepFailsWithAPasteableSnippet()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Undefined
              Scenario: Missing step
                Given 10 clients download "big.bin" at 2.5 Mbit/s
                  | name |
                  | a    |
            """,
            typeof(FlowSteps));

        outcome.Single.Status.Should().Be(ScenarioExecutionStatus.UndefinedStep);
        var expectedSnippet = """
            [Given("{int} clients download {string} at {float} Mbit\\/s")]
            public void GivenClientsDownloadAtMbitS(int p0, string p1, double p2, Table table)
            {
                throw new PendingStepException();
            }
            """.ReplaceLineEndings();
        outcome.Single.Steps.Single().Snippet.Should().Be(expectedSnippet);
        outcome.Single.FailureMessage.Should().Contain("No matching step definition found for the step 'Given 10 clients download \"big.bin\" at 2.5 Mbit/s'")
            .And.Contain(expectedSnippet);
        outcome.Output.Should().Contain("-> undefined");
    }

    [Test]
    public void TheSnippetsExpressionMatchesTheStepItWasMadeFor()
    {
        const string text = "10 clients download \"big.bin\" at 2.5 Mbit/s (burst {x})";
        var snippet = StepSnippet.For(StepDefinitionType.Given, text, hasDataTable: false, hasDocString: false);
        var expression = snippet.Split('"', 2)[1][..snippet.Split('"', 2)[1].LastIndexOf("\")]", StringComparison.Ordinal)]
            .Replace("\\\\", "\\", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal);

        StepExpression.Parse(expression, [typeof(int), typeof(string), typeof(double)]).Match(text)
            .Should().Equal("10", "big.bin", "2.5");
    }

    [Test]
    public async Task AnAmbiguousStepListsEveryMatchWithFileAndLine()
    {
        var outcome = await BddHarness.RunAsync("Feature: F\n  Scenario: S\n    Given step x\n", typeof(FlowSteps), typeof(DuplicateSteps));

        outcome.Single.Status.Should().Be(ScenarioExecutionStatus.BindingError);
        outcome.Single.Steps.Single().Status.Should().Be(StepStatus.Ambiguous);
        var file = ThisFile();
        outcome.Single.FailureMessage.Should()
            .Contain("Ambiguous step definitions found for step 'Given step x'")
            .And.Contain($"FlowSteps.GivenStep(String) at {file}:10")
            .And.Contain($"DuplicateSteps.Duplicate(String) at {file}:32");
    }

    [Test]
    public void AFeatureThatDoesNotParseNamesFileLineAndColumn()
    {
        var feature = FeatureParser.Parse("Feature: Broken\n  Scenario: S\n    Given ok\n  this line is junk\n", "Features/broken.feature");

        feature.Pickles.Should().BeEmpty();
        feature.ParseError.Should().NotBeNull();
        feature.ParseError!.FilePath.Should().Be("Features/broken.feature");
        (feature.ParseError.Line, feature.ParseError.Column).Should().Be((4, 3));
        feature.ParseError.ToFailureMessage().Should().StartWith("The feature file Features/broken.feature does not parse at line 4, column 3:")
            .And.Contain("this line is junk");
    }

    [Test]
    public void TagsOfFeatureRuleScenarioAndExamplesReachThePickles()
    {
        var feature = FeatureParser.Parse(
            """
            @smoke
            Feature: Tags
              @nightly
              Scenario Outline: S
                Given step <x>
                @fast
                Examples:
                  | x |
                  | 1 |
            """,
            "tags.feature");

        feature.Pickles.Single().Tags.Select(t => t.Name).Should().Equal("@smoke", "@nightly", "@fast");
        feature.TestNames.Should().Equal("Tags: S [x=1]");
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}

[Binding]
public sealed class SensorSteps
{
    [Then("the sensor is absent")]
    public void SensorAbsent() => Assert.Inconclusive("no thermal sensor on this host");
}
