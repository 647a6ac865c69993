using NetnsBdd.Drivers.Lab;
using System.Text.Json;
using FluentAssertions;
using NetnsBdd.Tests.Features;
using NUnit.Framework;

namespace NetnsBdd.Tests.Bridge;

/// <summary>
/// A Reqnroll user's bindings (Tests/Features/ReqnrollUser: no line of them knows about this suite or the bridge)
/// run for real through the bridge in a child test run; what NUnit, the console, the hooks and Reqnroll's messages
/// say about each scenario is checked against what Reqnroll.NUnit gives for the same bindings.
/// </summary>
[TestFixture]
[Category("unit")]
[NonParallelizable]
public sealed class ReqnrollUserBindingsTests
{
    private const string Shop = "NetnsBdd.Tests.Features.ShopFeature.";
    private ChildFeatureRun _run = null!;
    private string _hookLog = "";

    [OneTimeSetUp]
    public async Task RunTheUserFeaturesAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Tests", "Features", "ReqnrollUser");
        var features = Directory.GetFiles(folder, "*.feature").ToDictionary(f => Path.GetFileName(f)!, f => File.ReadAllText(f));
        features["Broken/Broken.feature"] = "Feature: Broken\n  Scenario: One\n    Given the shop is open\n  this line is not Gherkin\n";
        _hookLog = Path.Combine(RunScratch.ForProcess.Path, $"shop-hooks-{Guid.NewGuid():N}.log");
        _run = await ChildFeatureRun.RunAsync(features, CancellationToken.None, new Dictionary<string, string> { ["SHOP_HOOK_LOG"] = _hookLog });
    }

    [OneTimeTearDown]
    public void Delete()
    {
        _run?.Dispose();
        File.Delete(_hookLog);
    }

    [TestCase("TablesFillObjects", "Passed")]
    [TestCase("APriceInEurosConvertsThroughAStepArgumentTransformation_Pear_125_125EUR", "Passed")]
    [TestCase("APriceInEurosConvertsThroughAStepArgumentTransformation_Melon_3_300EUR", "Passed")]
    [TestCase("OutputAndAttachmentsReachTheReport", "Passed")]
    [TestCase("TheRuleBackgroundRunsAfterTheFeatureBackground", "Passed")]
    [TestCase("AStepStillPending", "Failed", "PendingStepException : The step definition is not implemented.")]
    [TestCase("AScenarioSkippedThroughTheUnitTestRuntimeProvider", "NotExecuted", "the till is closed")]
    [TestCase("AScenarioMadeInconclusiveThroughTheUnitTestRuntimeProvider", "NotExecuted", "no scale attached")]
    [TestCase("AnIgnoredScenario", "NotExecuted", "@ignore")]
    [TestCase("AFailingStepSkipsTheRest", "Failed", "this step fails on purpose")]
    [TestCase("AnUndefinedStepGivesASnippet", "Failed", "No matching step definition found")]
    public void Each_scenario_ends_as_under_Reqnroll_NUnit(string test, string outcome, string? message = null)
    {
        var result = _run.Single(test);
        result.FullName.Should().Be(Shop + test, "fixture and test names are identifier-style, as Reqnroll.NUnit's generated ones");
        result.Outcome.Should().Be(outcome, result.Message);
        if (message is not null)
        {
            result.Message.Should().Contain(message);
        }
    }

    [Test]
    public void An_undefined_step_prints_a_ready_snippet_under_the_step() =>
        _run.Console.Should().Contain(
            """
            Given 3 apples cost "1.50" in total
            -> undefined: No matching step definition found for the step. Use the following code to create one:
                    [Given("{int} apples cost {string} in total")]
                    public void GivenApplesCostInTotal(int p0, string p1)
            """.ReplaceLineEndings("\n"));

    [Test]
    public void A_feature_that_does_not_parse_fails_one_test_naming_file_line_and_column()
    {
        var result = _run.Single("Broken.BrokenFeature.ParseError");
        result.Outcome.Should().Be("Failed");
        result.Message.Should().Contain("The feature file Broken/Broken.feature does not parse at line 4, column 3:");
    }

    [Test]
    public void Scope_picks_the_definition_bound_to_the_scenarios_tag()
    {
        _run.Single("GreetingsFeature.English").Outcome.Should().Be("Passed", _run.Single("GreetingsFeature.English").Message);
        _run.Single("GreetingsFeature.French").Outcome.Should().Be("Passed", _run.Single("GreetingsFeature.French").Message);
    }

    [Test]
    public void Test_run_feature_and_scenario_hooks_run_in_Reqnroll_order()
    {
        var log = File.ReadAllLines(_hookLog);
        log.First().Should().Be("BeforeTestRun");
        log.Last().Should().Be("AfterTestRun");
        log.Should().ContainInOrder("BeforeFeature Shop", "BeforeScenario OpenTheTill Tables fill objects", "AfterScenario CloseTheTill Tables fill objects OK", "AfterFeature Shop");
        log.Should().ContainInOrder("BeforeFeature Greetings", "AfterFeature Greetings");
        log.Should().Contain("AfterScenario CloseTheTill A step still pending StepDefinitionPending");
        log.Should().NotContain(l => l.Contains("An ignored scenario", StringComparison.Ordinal), "an ignored scenario runs no hooks");
    }

    [Test]
    public void Each_step_is_echoed_once_live_and_binding_output_reaches_the_console()
    {
        _run.Console.Split('\n').Count(l => l.TrimEnd() == "When the binding writes \"hello from the binding\" and attaches a receipt")
            .Should().Be(1, _run.Console);
        _run.Console.Should().Contain("hello from the binding");
    }

    [Test]
    public void Every_pickle_steps_status_in_Reqnrolls_messages_agrees_with_the_NUnit_outcome()
    {
        var report = ReqnrollMessages.Read(_run.MessagesPath);

        var verdicts = _run.Scenarios.Where(s => s.FullName.StartsWith(Shop, StringComparison.Ordinal) || s.FullName.Contains(".GreetingsFeature.", StringComparison.Ordinal))
            .ToDictionary(s => s.FullName, s => s.Outcome);
        report.Disagreements(verdicts).Should().BeEmpty();
        report.TestCaseCount.Should().Be(verdicts.Count - 1, "every scenario but the @ignore one ran a test case");
    }

    [Test]
    public void Output_attachments_and_named_hooks_reach_Reqnrolls_report()
    {
        var messages = File.ReadAllLines(_run.MessagesPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var attachments = messages.Where(m => m.TryGetProperty("attachment", out _)).Select(m => m.GetProperty("attachment")).ToList();
        attachments.Should().Contain(a => a.GetProperty("body").GetString() == "hello from the binding");
        attachments.Should().Contain(a => a.GetProperty("mediaType").GetString() == "text/plain" && a.GetProperty("fileName").GetString()!.StartsWith("receipt-", StringComparison.Ordinal));
        messages.Where(m => m.TryGetProperty("hook", out _)).Select(m => m.GetProperty("hook").ToString())
            .Should().Contain(h => h.Contains("OpenTheTill", StringComparison.Ordinal)).And.Contain(h => h.Contains("CloseTheTill", StringComparison.Ordinal));
        File.ReadAllText(_run.HtmlPath).Should().Contain("Tables fill objects").And.Contain("hello from the binding");
    }
}
