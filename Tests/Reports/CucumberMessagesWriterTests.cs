using FluentAssertions;
using Io.Cucumber.Messages.Types;
using NetnsBdd.Support.Bdd;
using NetnsBdd.Support.Reports.Messages;
using NetnsBdd.Tests.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

[TestFixture]
[Category("unit")]
public sealed class CucumberMessagesWriterTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        // Kept under the test's work folder (not deleted) so the last run's NDJSON can be fed to Cucumber tools by hand.
        _folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "CucumberMessagesSamples", TestContext.CurrentContext.Test.Name);
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<CucumberMessagesFile> RunSampleAsync(params Type[] extraBindings)
    {
        using var writer = CucumberMessagesWriter.InDirectory(_folder);
        await BddHarness.RunAsync(CucumberMessagesSample.Feature, [writer], [typeof(CucumberMessagesSampleSteps), .. extraBindings]);
        return CucumberMessagesFile.Read(writer.FilePath);
    }

    [Test]
    public async Task EveryLineIsOneEnvelopeWithExactlyOneMessage()
    {
        var file = await RunSampleAsync();

        file.Lines.Should().NotBeEmpty();
        file.MessageNamesPerLine.Should().AllSatisfy(names => names.Should().HaveCount(1));
        file.Envelopes.Should().AllSatisfy(e => typeof(Envelope).GetProperties().Count(p => p.GetValue(e) is not null).Should().Be(1));
    }

    [Test]
    public async Task TheRunStartsWithMetaAndTestRunStartedAndEndsWithTestRunFinished()
    {
        var file = await RunSampleAsync();

        file.MessageNamesPerLine.First().Should().Equal("meta");
        file.Envelopes[0].Meta.ProtocolVersion.Should().MatchRegex(@"^\d+\.\d+\.\d+$");
        var names = file.MessageNamesPerLine.Select(n => n[0]).ToList();
        names.Count(n => n == "testRunStarted").Should().Be(1);
        names.IndexOf("testRunStarted").Should().BeLessThan(names.IndexOf("testCase"));
        names[^1].Should().Be("testRunFinished");
        var finished = file.Envelopes[^1].TestRunFinished;
        finished.Success.Should().BeFalse("a step failed and one is undefined");
        finished.TestRunStartedId.Should().Be(file.Envelopes.Single(e => e.TestRunStarted is not null).TestRunStarted.Id);
    }

    [Test]
    public async Task EveryPlannedTestStepOfEveryTestCaseFinishesOnce()
    {
        var file = await RunSampleAsync();

        var testCases = file.All(e => e.TestCase).ToList();
        var started = file.All(e => e.TestCaseStarted).ToDictionary(s => s.Id);
        var finished = file.All(e => e.TestStepFinished).ToList();
        var pickles = file.All(e => e.Pickle).ToList();

        testCases.Should().HaveCount(5);
        var expectedSteps = pickles.Sum(p => p.Steps.Count) + 2 * pickles.Count; // each scenario: BeforeScenario + AfterScenario
        testCases.Sum(c => c.TestSteps.Count).Should().Be(expectedSteps);
        finished.Should().HaveCount(expectedSteps);
        foreach (var step in finished)
        {
            started.Should().ContainKey(step.TestCaseStartedId);
            var testCase = testCases.Single(c => c.Id == started[step.TestCaseStartedId].TestCaseId);
            testCase.TestSteps.Select(s => s.Id).Should().Contain(step.TestStepId);
        }

        finished.Select(f => (f.TestCaseStartedId, f.TestStepId)).Should().OnlyHaveUniqueItems();
        file.All(e => e.TestStepStarted).Select(s => (s.TestCaseStartedId, s.TestStepId))
            .Should().BeEquivalentTo(finished.Select(f => (f.TestCaseStartedId, f.TestStepId)));
        file.All(e => e.TestCaseFinished).Select(f => f.TestCaseStartedId).Should().BeEquivalentTo(started.Keys);
    }

    [Test]
    public async Task StepResultsHaveTheLayersStatusesAndTheFailureMessage()
    {
        var file = await RunSampleAsync();

        var statuses = StatusesByScenario(file);

        const TestStepResultStatus P = TestStepResultStatus.PASSED;
        statuses["Passing download"].Should().Equal(P, P, P, P, P);
        statuses["Failing <link>"].Should().Equal(P, P, P, TestStepResultStatus.FAILED, TestStepResultStatus.SKIPPED, P);
        statuses["Undefined step"].Should().Equal(P, P, TestStepResultStatus.UNDEFINED, P);
        statuses["Outline with 1 clients"].Should().Equal(P, P, P, P, P);
        statuses["Outline with 5 clients"].Should().Equal(P, P, P, P, P);
        var failed = file.All(e => e.TestStepFinished).Single(f => f.TestStepResult.Status == TestStepResultStatus.FAILED).TestStepResult;
        failed.Message.Should().Be(CucumberMessagesSample.FailureMessage);
        failed.Exception.Type.Should().Be(typeof(InvalidOperationException).FullName);
        file.Lines.Should().Contain(l => l.Contains("\"status\":\"UNDEFINED\"", StringComparison.Ordinal), "enums are written as schema strings");
    }

    [Test]
    public async Task PicklesAndTestStepsReferenceWhatTheFileDeclares()
    {
        var file = await RunSampleAsync();

        var astIds = file.GherkinNodeIds.ToHashSet();
        var pickles = file.All(e => e.Pickle).ToList();
        pickles.SelectMany(p => p.AstNodeIds.Concat(p.Steps.SelectMany(s => s.AstNodeIds)).Concat(p.Tags.Select(t => t.AstNodeId)))
            .Should().NotBeEmpty().And.OnlyContain(id => astIds.Contains(id));
        file.All(e => e.Source).Single().Uri.Should().Be(pickles[0].Uri);

        var pickleStepIds = pickles.SelectMany(p => p.Steps).Select(s => s.Id).ToHashSet();
        var stepDefinitionIds = file.All(e => e.StepDefinition).Select(d => d.Id).ToHashSet();
        var hookIds = file.All(e => e.Hook).Select(h => h.Id).ToHashSet();
        var testSteps = file.All(e => e.TestCase).SelectMany(c => c.TestSteps).ToList();
        testSteps.Where(s => s.PickleStepId is not null).Should().AllSatisfy(s =>
        {
            pickleStepIds.Should().Contain(s.PickleStepId);
            s.StepDefinitionIds.Except(stepDefinitionIds).Should().BeEmpty();
        });
        testSteps.Where(s => s.PickleStepId is null).Should().AllSatisfy(s => hookIds.Should().Contain(s.HookId));
        file.All(e => e.TestCase).Select(c => c.PickleId).Should().BeEquivalentTo(pickles.Select(p => p.Id));
    }

    [Test]
    public async Task TestStepsCarryTheirStepDefinitionAndArgumentPositions()
    {
        var file = await RunSampleAsync();

        var pickle = file.All(e => e.Pickle).Single(p => p.Name == "Passing download");
        var download = pickle.Steps.Single(s => s.Text == "3 clients download \"big.bin\"");
        var testStep = file.All(e => e.TestCase).SelectMany(c => c.TestSteps).Single(s => s.PickleStepId == download.Id);
        var definition = file.All(e => e.StepDefinition).Single(d => d.Id == testStep.StepDefinitionIds.Single());

        definition.Pattern.Source.Should().Be("{int} clients download {string}");
        definition.Pattern.Type.Should().Be(StepDefinitionPatternType.CUCUMBER_EXPRESSION);
        definition.SourceReference.Uri.Should().EndWith("Tests/Reports/CucumberMessagesSample.cs");
        definition.SourceReference.Location.Line.Should().BeGreaterThan(0);
        testStep.StepMatchArgumentsLists.Single().StepMatchArguments.Select(a => (a.Group.Start, a.Group.Value))
            .Should().Equal((0L, "3"), (20L, "big.bin"));

        var undefined = file.All(e => e.TestCase).SelectMany(c => c.TestSteps)
            .Single(s => s.PickleStepId == file.All(e => e.Pickle).SelectMany(p => p.Steps).Single(p => p.Text == "nobody wrote this step").Id);
        undefined.StepDefinitionIds.Should().BeEmpty();
    }

    [Test]
    public async Task TwoFeaturesInOneRunGetDistinctIds()
    {
        Directory.CreateDirectory(_folder);
        using (var writer = CucumberMessagesWriter.InDirectory(_folder))
        {
            var run = new BddTestRun(BindingRegistry.FromTypes(typeof(CucumberMessagesSampleSteps)), [writer]);
            await run.RunFeatureAsync(FeatureParser.Parse(CucumberMessagesSample.Feature, "Features/one.feature"));
            await run.RunFeatureAsync(FeatureParser.Parse(CucumberMessagesSample.OtherFeature, "Features/two.feature"));
            await run.FinishAsync();
        }

        var file = CucumberMessagesFile.Read(Path.Combine(_folder, CucumberMessagesWriter.DefaultFileName));

        // Both files are parsed with their own id generator, so without the writer's scoping "0", "1"... would repeat.
        var pickles = file.All(e => e.Pickle).ToList();
        pickles.Select(p => p.Uri).Distinct().Should().Equal("Features/one.feature", "Features/two.feature");
        pickles.Select(p => p.Id).Should().OnlyHaveUniqueItems();
        pickles.SelectMany(p => p.Steps).Select(s => s.Id).Should().OnlyHaveUniqueItems();
        file.GherkinNodeIds.Should().OnlyHaveUniqueItems();
        file.All(e => e.TestCase).Select(c => c.PickleId).Should().Equal(pickles.Select(p => p.Id));
    }

    [Test]
    public async Task AFailingStepHookFailsTheStepItWraps()
    {
        var file = await RunSampleAsync(typeof(CucumberMessagesFailingStepHook));

        var statuses = StatusesByScenario(file);

        statuses["Passing download"].Should().Contain(TestStepResultStatus.FAILED);
        file.All(e => e.TestStepFinished).Select(f => f.TestStepResult).Where(r => r.Status == TestStepResultStatus.FAILED)
            .Should().Contain(r => r.Message.Contains("step hook broke", StringComparison.Ordinal));
    }

    [Test]
    public async Task AFailingBeforeScenarioHookFailsItsStepAndSkipsTheScenariosSteps()
    {
        var file = await RunSampleAsync(typeof(CucumberMessagesFailingScenarioHook));

        var statuses = StatusesByScenario(file);

        // Order 1 runs Fail before StartCapture, which then never runs; the AfterScenario hook always does.
        statuses["Passing download"].Should().Equal(
            TestStepResultStatus.FAILED, TestStepResultStatus.SKIPPED,
            TestStepResultStatus.SKIPPED, TestStepResultStatus.SKIPPED, TestStepResultStatus.SKIPPED,
            TestStepResultStatus.PASSED);
    }

    [Test]
    public void StatusesMapOneToOne()
    {
        Enum.GetValues<StepStatus>().Select(s => CucumberMessagesWriter.StatusOf(s).ToString())
            .Should().Equal(Enum.GetValues<StepStatus>().Select(s => s.ToString().ToUpperInvariant()));
    }

    [Test]
    public void TimestampsAreUnixSecondsAndNanos()
    {
        var time = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234567);

        var timestamp = CucumberMessagesWriter.TimestampOf(time);

        (timestamp.Seconds, timestamp.Nanos).Should().Be((time.ToUnixTimeSeconds(), 123456700L));
    }

    private static Dictionary<string, List<TestStepResultStatus>> StatusesByScenario(CucumberMessagesFile file)
    {
        var pickles = file.All(e => e.Pickle).ToDictionary(p => p.Id);
        var testCases = file.All(e => e.TestCase).ToDictionary(c => c.Id);
        var started = file.All(e => e.TestCaseStarted).ToDictionary(s => s.Id);
        var result = new Dictionary<string, List<TestStepResultStatus>>();
        foreach (var finished in file.All(e => e.TestStepFinished))
        {
            var testCase = testCases[started[finished.TestCaseStartedId].TestCaseId];
            var name = pickles[testCase.PickleId].Name;
            if (!result.TryGetValue(name, out var list))
            {
                result[name] = list = new List<TestStepResultStatus>();
            }

            list.Add(finished.TestStepResult.Status);
        }

        return result;
    }
}

[Binding]
public sealed class CucumberMessagesFailingStepHook
{
    [AfterStep]
    public void Break() => throw new InvalidOperationException("step hook broke");
}

[Binding]
public sealed class CucumberMessagesFailingScenarioHook
{
    [BeforeScenario(Order = 1)]
    public void Fail() => throw new InvalidOperationException("lab did not come up");
}
