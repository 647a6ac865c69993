using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using NetnsBdd.Support.Bdd;
using M = Io.Cucumber.Messages.Types;

namespace NetnsBdd.Support.Reports.Messages;

/// <summary>
/// Writes the run as Cucumber Messages NDJSON (one envelope per line), so standard Cucumber tooling
/// (<c>@cucumber/html-formatter</c>, JUnit/JSON formatters, report services) can read it. Order: meta, step definitions
/// and hooks, testRunStarted; per feature its source, gherkinDocument and pickles; per scenario testCase,
/// testCaseStarted, testStepStarted/testStepFinished for every planned step, testCaseFinished; testRunFinished last.
/// Each line is flushed as it is written, so a crashed run leaves everything that happened up to the crash.
/// Register it before the run starts (<see cref="BddRunListeners.Register"/> or the listeners of a
/// <see cref="BddTestRun"/>): events before <c>OnTestRunStarted</c> are ignored, because step definitions come with it.
/// </summary>
public sealed class CucumberMessagesWriter : IBddRunListener, IDisposable
{
    public const string DefaultFileName = "cucumber-messages.ndjson";

    private const string BindingErrorsHookName = "Binding errors (reported before every scenario)";

    private readonly Lock _gate = new();
    private readonly StreamWriter _out;
    private readonly Dictionary<StepBinding, string> _stepDefinitionIds = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<HookBinding, string> _hookIds = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<FeatureDocument, GherkinIdScope> _features = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<FeatureContext, (string HookId, Exception Error)> _featureHookFailures = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ScenarioContext, TestCaseProgress> _cases = new(ReferenceEqualityComparer.Instance);
    private BindingRegistry? _bindings;
    private string? _testRunStartedId;
    private string? _bindingErrorsHookId;
    private (string HookId, Exception Error)? _testRunHookFailure;
    private Exception? _firstFailure;
    private int _lastId;
    private bool _closed;

    /// <param name="path">The file to (over)write; its folder is created.</param>
    public CucumberMessagesWriter(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        _out = new StreamWriter(new FileStream(FilePath, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false))
        {
            NewLine = "\n",
        };
    }

    public string FilePath { get; }

    /// <summary>A writer for <see cref="DefaultFileName"/> in <paramref name="directory"/>.</summary>
    public static CucumberMessagesWriter InDirectory(string directory) => new(Path.Combine(directory, DefaultFileName));

    public void OnTestRunStarted(TestRunStartedEvent e)
    {
        lock (_gate)
        {
            if (_closed || _testRunStartedId is not null)
            {
                return;
            }

            _bindings = e.Bindings;
            Write(M.Envelope.Create(CreateMeta()));
            foreach (var binding in e.Bindings.StepBindings)
            {
                var id = NextId("stepdef");
                _stepDefinitionIds[binding] = id;
                Write(M.Envelope.Create(new M.StepDefinition(id, PatternOf(binding.Expression), SourceOf(binding))));
            }

            foreach (var hook in e.Bindings.Hooks)
            {
                var id = NextId("hook");
                _hookIds[hook] = id;
                var tags = hook.Tags.Count == 0 ? null : string.Join(" or ", hook.Tags.Select(t => "@" + t));
                WriteHook(id, $"{hook.HookType} {hook.MethodName}", SourceOf(hook.Method), tags, HookTypeOf(hook.HookType));
            }

            if (e.Bindings.Errors.Count > 0)
            {
                // Binding mistakes fail every scenario before anything runs; a pseudo hook gives them a step to fail on.
                _bindingErrorsHookId = NextId("hook");
                WriteHook(_bindingErrorsHookId, BindingErrorsHookName, new M.SourceReference(null, null, null, null), null, null);
            }

            _testRunStartedId = NextId("run");
            Write(M.Envelope.Create(new M.TestRunStarted(TimestampOf(e.Timestamp), _testRunStartedId)));
        }
    }

    public void OnFeatureStarted(FeatureStartedEvent e)
    {
        lock (_gate)
        {
            if (IsWriting)
            {
                ScopeOf(e.Feature.Document);
            }
        }
    }

    public void OnScenarioStarted(ScenarioStartedEvent e)
    {
        lock (_gate)
        {
            if (!IsWriting)
            {
                return;
            }

            var scenario = e.Scenario;
            var scope = ScopeOf(scenario.FeatureContext.Document);
            var tags = scenario.ScenarioInfo.CombinedTags;
            var preconditions = PreconditionFailures(scenario.FeatureContext);
            var planned = new List<PlannedTestStep>();
            var testSteps = new List<M.TestStep>();

            void PlanHook(string hookId, HookBinding? hook)
            {
                var step = new PlannedTestStep(NextId("step"), hookId, hook, null);
                planned.Add(step);
                testSteps.Add(new M.TestStep(hookId, step.Id, null, null, null));
            }

            foreach (var (hookId, _) in preconditions)
            {
                PlanHook(hookId, null);
            }

            foreach (var hook in _bindings!.HooksFor(HookType.BeforeScenario, tags))
            {
                PlanHook(_hookIds[hook], hook);
            }

            foreach (var pickleStep in scenario.Pickle.Steps)
            {
                var step = new PlannedTestStep(NextId("step"), null, null, scope.Map(pickleStep.Id));
                planned.Add(step);
                var matches = _bindings.FindMatches(StepTypeOf(pickleStep.Type), pickleStep.Text, pickleStep.Argument is not null);
                testSteps.Add(new M.TestStep(
                    null,
                    step.Id,
                    step.PickleStepId,
                    matches.Select(m => _stepDefinitionIds[m.Binding]).ToList(),
                    matches.Select(m => StepMatchArguments.Of(m.Binding.Expression, pickleStep.Text)).ToList()));
            }

            foreach (var hook in _bindings.HooksFor(HookType.AfterScenario, tags))
            {
                PlanHook(_hookIds[hook], hook);
            }

            var testCaseId = NextId("case");
            Write(M.Envelope.Create(new M.TestCase(testCaseId, scope.Map(scenario.Pickle.Id), testSteps, _testRunStartedId)));
            var progress = new TestCaseProgress(NextId("started"), planned);
            _cases[scenario] = progress;
            Write(M.Envelope.Create(new M.TestCaseStarted(0, progress.TestCaseStartedId, testCaseId, null, TimestampOf(e.Timestamp))));

            // What failed before the scenario (bindings, BeforeTestRun, BeforeFeature) is why it fails; say so first.
            for (var i = 0; i < preconditions.Count; i++)
            {
                Finish(progress, i, e.Timestamp, TimeSpan.Zero, ResultOf(M.TestStepResultStatus.FAILED, TimeSpan.Zero, preconditions[i].Error));
            }
        }
    }

    public void OnStepStarted(StepStartedEvent e)
    {
        lock (_gate)
        {
            if (!IsWriting || !_cases.TryGetValue(e.Scenario, out var progress))
            {
                return;
            }

            var index = IndexOf(progress, s => s.PickleStepId == ScopeOf(e.Scenario.FeatureContext.Document).Map(e.Step.Id));
            if (index < 0)
            {
                return;
            }

            SkipUpTo(progress, index, e.Timestamp);
            progress.Steps[index].Started = true;
            progress.StepHookError = null;
            Write(M.Envelope.Create(new M.TestStepStarted(progress.TestCaseStartedId, progress.Steps[index].Id, TimestampOf(e.Timestamp))));
        }
    }

    public void OnStepFinished(StepFinishedEvent e)
    {
        lock (_gate)
        {
            if (!IsWriting || !_cases.TryGetValue(e.Scenario, out var progress))
            {
                return;
            }

            var index = IndexOf(progress, s => s.PickleStepId == ScopeOf(e.Scenario.FeatureContext.Document).Map(e.Result.Step.Id));
            if (index < 0)
            {
                return;
            }

            SkipUpTo(progress, index, e.Timestamp);
            var result = e.Result;
            var status = StatusOf(result.Status);
            var error = result.Error;
            if (status == M.TestStepResultStatus.PASSED && progress.StepHookError is { } hookError)
            {
                status = M.TestStepResultStatus.FAILED;
                error = hookError;
            }

            progress.StepHookError = null;
            Finish(progress, index, e.Timestamp, result.Duration, ResultOf(status, result.Duration, error));
        }
    }

    public void OnHookFinished(HookFinishedEvent e)
    {
        lock (_gate)
        {
            if (!IsWriting)
            {
                return;
            }

            var hook = e.Result.Hook;
            var error = e.Result.Error;
            if (error is not null && e.Scenario is null)
            {
                _firstFailure ??= error;
            }

            switch (hook.HookType)
            {
                case HookType.BeforeTestRun or HookType.AfterTestRun:
                    WriteTestRunHook(e);
                    break;
                case HookType.BeforeFeature when error is not null && e.Feature is not null:
                    _featureHookFailures.TryAdd(e.Feature, (HookIdOf(hook), error));
                    break;
                case HookType.BeforeStep or HookType.AfterStep when error is not null && e.Scenario is not null
                    && _cases.TryGetValue(e.Scenario, out var stepProgress):
                    stepProgress.StepHookError ??= error;
                    break;
                case HookType.BeforeScenario or HookType.AfterScenario when e.Scenario is not null
                    && _cases.TryGetValue(e.Scenario, out var progress):
                    var index = IndexOf(progress, s => ReferenceEquals(s.Hook, hook) && !s.Finished);
                    if (index >= 0)
                    {
                        SkipUpTo(progress, index, e.Timestamp);
                        var status = error is null ? M.TestStepResultStatus.PASSED : M.TestStepResultStatus.FAILED;
                        Finish(progress, index, e.Timestamp, e.Result.Duration, ResultOf(status, e.Result.Duration, error));
                    }

                    break;
            }
        }
    }

    public void OnScenarioFinished(ScenarioFinishedEvent e)
    {
        lock (_gate)
        {
            if (!IsWriting || !_cases.Remove(e.Scenario, out var progress))
            {
                return;
            }

            SkipUpTo(progress, progress.Steps.Count, e.Timestamp);
            Write(M.Envelope.Create(new M.TestCaseFinished(progress.TestCaseStartedId, TimestampOf(e.Timestamp), false)));

            // An inconclusive scenario (Assert.Inconclusive/Ignore) is skipped, not failed, as in the NUnit result.
            if (!e.Result.Succeeded && e.Result.Status != ScenarioExecutionStatus.Skipped)
            {
                _firstFailure ??= e.Result.Error ?? new InvalidOperationException($"{e.Result.TestName}: {e.Result.Status}");
            }
        }
    }

    public void OnTestRunFinished(TestRunFinishedEvent e)
    {
        lock (_gate)
        {
            if (!IsWriting)
            {
                return;
            }

            var failure = e.Error ?? _firstFailure;
            Write(M.Envelope.Create(new M.TestRunFinished(
                failure?.Message, failure is null, TimestampOf(e.Timestamp), e.Error is null ? null : ExceptionOf(e.Error), _testRunStartedId)));
            Close();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Close();
        }
    }

    private bool IsWriting => !_closed && _testRunStartedId is not null;

    private void Close()
    {
        if (!_closed)
        {
            _closed = true;
            _out.Dispose();
        }
    }

    private string NextId(string kind) => $"{kind}-{++_lastId}";

    /// <summary>The feature's id scope, announcing its source, document and pickles the first time it is seen.</summary>
    private GherkinIdScope ScopeOf(FeatureDocument feature)
    {
        if (_features.TryGetValue(feature, out var scope))
        {
            return scope;
        }

        scope = new GherkinIdScope($"f{_features.Count + 1}-");
        _features[feature] = scope;
        Write(M.Envelope.Create(new M.Source(feature.Uri, feature.Source, M.SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN)));
        if (feature.Document is { } document)
        {
            WriteNode("gherkinDocument", scope.Rewrite(CucumberMessagesJson.ToNode(document)));
        }

        foreach (var pickle in feature.Pickles)
        {
            WriteNode("pickle", scope.Rewrite(CucumberMessagesJson.ToNode(pickle)));
        }

        return scope;
    }

    private List<(string HookId, Exception Error)> PreconditionFailures(FeatureContext feature)
    {
        var failures = new List<(string, Exception)>();
        if (_bindingErrorsHookId is not null)
        {
            failures.Add((_bindingErrorsHookId, new BindingException(
                $"The bindings have {_bindings!.Errors.Count} error(s); fix them first:{Environment.NewLine}" +
                string.Join(Environment.NewLine, _bindings.Errors.Select(e => "  " + e)))));
        }

        if (_testRunHookFailure is { } runFailure)
        {
            failures.Add(runFailure);
        }

        if (_featureHookFailures.TryGetValue(feature, out var featureFailure))
        {
            failures.Add(featureFailure);
        }

        return failures;
    }

    private void WriteTestRunHook(HookFinishedEvent e)
    {
        var hookId = HookIdOf(e.Result.Hook);
        var startedId = NextId("runhook");
        var result = ResultOf(e.Result.Error is null ? M.TestStepResultStatus.PASSED : M.TestStepResultStatus.FAILED, e.Result.Duration, e.Result.Error);
        Write(M.Envelope.Create(new M.TestRunHookStarted(startedId, _testRunStartedId, hookId, null, TimestampOf(e.Timestamp - e.Result.Duration))));
        Write(M.Envelope.Create(new M.TestRunHookFinished(startedId, result, TimestampOf(e.Timestamp))));
        if (e.Result.Hook.HookType == HookType.BeforeTestRun && e.Result.Error is { } error)
        {
            _testRunHookFailure ??= (hookId, error);
        }
    }

    private string HookIdOf(HookBinding hook) =>
        _hookIds.TryGetValue(hook, out var id) ? id : throw new InvalidOperationException($"{hook} is not among the run's bindings.");

    private static int IndexOf(TestCaseProgress progress, Func<PlannedTestStep, bool> match)
    {
        for (var i = progress.Next; i < progress.Steps.Count; i++)
        {
            if (match(progress.Steps[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Reports the planned steps before <paramref name="index"/> that never ran as skipped, in plan order.</summary>
    private void SkipUpTo(TestCaseProgress progress, int index, DateTimeOffset timestamp)
    {
        for (var i = progress.Next; i < index; i++)
        {
            if (!progress.Steps[i].Finished)
            {
                Finish(progress, i, timestamp, TimeSpan.Zero, ResultOf(M.TestStepResultStatus.SKIPPED, TimeSpan.Zero, null));
            }
        }

        progress.Next = Math.Max(progress.Next, index);
    }

    private void Finish(TestCaseProgress progress, int index, DateTimeOffset finishedAt, TimeSpan duration, M.TestStepResult result)
    {
        var step = progress.Steps[index];
        if (!step.Started)
        {
            step.Started = true;
            Write(M.Envelope.Create(new M.TestStepStarted(progress.TestCaseStartedId, step.Id, TimestampOf(finishedAt - duration))));
        }

        step.Finished = true;
        Write(M.Envelope.Create(new M.TestStepFinished(progress.TestCaseStartedId, step.Id, result, TimestampOf(finishedAt))));
        progress.Next = Math.Max(progress.Next, index + 1);
    }

    private void WriteHook(string id, string name, M.SourceReference source, string? tagExpression, M.HookType? type)
    {
        // Hook.Type is not nullable in the .NET type although the schema makes it optional: drop it for hooks that have
        // no Cucumber kind (feature hooks), rather than claim a wrong one.
        var hook = CucumberMessagesJson.ToNode(new M.Hook(id, name, source, tagExpression, type ?? default));
        if (type is null)
        {
            hook.AsObject().Remove("type");
        }

        WriteNode("hook", hook);
    }

    private void Write(M.Envelope envelope) => WriteLine(CucumberMessagesJson.Serialize(envelope));

    private void WriteNode(string messageName, JsonNode message) =>
        WriteLine(new JsonObject { [messageName] = message }.ToJsonString(CucumberMessagesJson.Options));

    private void WriteLine(string line)
    {
        _out.Write(line);
        _out.Write('\n');
        _out.Flush();
    }

    private static M.TestStepResult ResultOf(M.TestStepResultStatus status, TimeSpan duration, Exception? error) =>
        new(DurationOf(duration), error?.Message, status, error is null ? null : ExceptionOf(error));

    // Formatters show stackTrace instead of message when both are set (the JavaScript convention puts the message in
    // the first line of the stack), so it carries the whole exception text, inner exceptions included.
    private static M.Exception ExceptionOf(Exception error) =>
        new(error.GetType().FullName ?? error.GetType().Name, error.Message, error.ToString());

    internal static M.TestStepResultStatus StatusOf(StepStatus status) => status switch
    {
        StepStatus.Passed => M.TestStepResultStatus.PASSED,
        StepStatus.Failed => M.TestStepResultStatus.FAILED,
        StepStatus.Skipped => M.TestStepResultStatus.SKIPPED,
        StepStatus.Pending => M.TestStepResultStatus.PENDING,
        StepStatus.Undefined => M.TestStepResultStatus.UNDEFINED,
        StepStatus.Ambiguous => M.TestStepResultStatus.AMBIGUOUS,
        _ => M.TestStepResultStatus.UNKNOWN,
    };

    // The same mapping ScenarioRunner uses to pick step definitions, so the announced matches are the ones it will use.
    private static StepDefinitionType? StepTypeOf(M.PickleStepType? type) => type switch
    {
        M.PickleStepType.CONTEXT => StepDefinitionType.Given,
        M.PickleStepType.ACTION => StepDefinitionType.When,
        M.PickleStepType.OUTCOME => StepDefinitionType.Then,
        _ => null,
    };

    private static M.HookType? HookTypeOf(HookType type) => type switch
    {
        HookType.BeforeTestRun => M.HookType.BEFORE_TEST_RUN,
        HookType.AfterTestRun => M.HookType.AFTER_TEST_RUN,
        HookType.BeforeScenario => M.HookType.BEFORE_TEST_CASE,
        HookType.AfterScenario => M.HookType.AFTER_TEST_CASE,
        HookType.BeforeStep => M.HookType.BEFORE_TEST_STEP,
        HookType.AfterStep => M.HookType.AFTER_TEST_STEP,
        // Feature hooks have no Cucumber counterpart; the type is optional, so they are plain hooks.
        _ => null,
    };

    private static M.StepDefinitionPattern PatternOf(StepExpression expression) =>
        new(expression.Source, expression.IsRegularExpression ? M.StepDefinitionPatternType.REGULAR_EXPRESSION : M.StepDefinitionPatternType.CUCUMBER_EXPRESSION);

    private static M.SourceReference SourceOf(StepBinding binding) =>
        binding.SourceLine > 0 && !string.IsNullOrEmpty(binding.SourceFile)
            ? new M.SourceReference(binding.SourceFile.Replace('\\', '/'), null, null, new M.Location(binding.SourceLine, null))
            : SourceOf(binding.Method);

    // .NET has no slot of its own in SourceReference; Reqnroll uses javaMethod for a method reference too.
    private static M.SourceReference SourceOf(MethodInfo method) =>
        new(null, new M.JavaMethod(method.DeclaringType?.FullName ?? "?", method.Name, method.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name).ToList()), null, null);

    private static M.Meta CreateMeta()
    {
        // "35.0.0+<commit>": the schema wants the version only.
        var protocol = Cucumber.Messages.ProtocolVersion.Version.Split('+')[0];
        var assembly = typeof(CucumberMessagesWriter).Assembly.GetName();
        return new M.Meta(
            protocol,
            new M.Product("NetnsBdd", assembly.Version?.ToString()),
            new M.Product(".NET", Environment.Version.ToString()),
            new M.Product(OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription, Environment.OSVersion.Version.ToString()),
            new M.Product(RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), null),
            null);
    }

    internal static M.Timestamp TimestampOf(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new M.Timestamp(ticks / TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerSecond * 100);
    }

    internal static M.Duration DurationOf(TimeSpan duration)
    {
        var ticks = Math.Max(0, duration.Ticks);
        return new M.Duration(ticks / TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerSecond * 100);
    }
}
