using System.Diagnostics;
using Io.Cucumber.Messages.Types;
using Exception = System.Exception;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// Runs one pickle the Reqnroll way: BeforeScenario hooks, then each step wrapped in BeforeStep/AfterStep hooks,
/// then AfterScenario hooks, which run whatever failed before them; finally the scenario's objects are disposed.
/// After the first failure the remaining steps are reported skipped (or undefined, so every missing snippet shows).
/// </summary>
internal sealed class ScenarioRunner(
    BindingRegistry bindings,
    RunNotifier notifier,
    FeatureDocument document,
    FeatureContext featureContext,
    ObjectContainer featureContainer,
    TextWriter output)
{
    private readonly List<Exception> _errors = new();
    private readonly List<StepResult> _steps = new();
    private readonly List<HookResult> _hooks = new();
    private ScenarioContext _context = null!;
    private ObjectContainer _container = null!;

    public async Task<ScenarioResult> RunAsync(Pickle pickle, IReadOnlyList<Exception> preErrors, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var combinedTags = pickle.Tags.Select(t => t.Name.TrimStart('@')).ToArray();
        var featureTags = featureContext.FeatureInfo.Tags;
        var info = new ScenarioInfo(
            pickle.Name,
            document.TestNameOf(pickle),
            combinedTags.Where(t => !featureTags.Contains(t)).ToArray(),
            combinedTags,
            document.ExampleArgumentsOf(pickle));
        _container = new ObjectContainer(featureContainer);
        _context = new ScenarioContext(info, pickle, featureContext, _container);
        _container.RegisterInstanceAs(_context);
        var status = ScenarioExecutionStatus.OK;

        output.WriteLine($"Scenario: {info.TestName}");
        notifier.Notify(l => l.OnScenarioStarted(new ScenarioStartedEvent(_context, DateTimeOffset.Now)));
        foreach (var error in preErrors)
        {
            Fail(error, error is BindingException ? ScenarioExecutionStatus.BindingError : ScenarioExecutionStatus.TestError);
        }

        if (_errors.Count == 0)
        {
            await RunHooksAsync(HookType.BeforeScenario, stopAtFirstError: true, cancellationToken).ConfigureAwait(false);
        }

        foreach (var step in pickle.Steps)
        {
            await RunStepAsync(step, cancellationToken).ConfigureAwait(false);
        }

        _context.StepContext = null;
        await RunHooksAsync(HookType.AfterScenario, stopAtFirstError: false, cancellationToken).ConfigureAwait(false);
        try
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Fail(e, ScenarioExecutionStatus.TestError);
        }

        status = _context.ScenarioExecutionStatus;
        var result = new ScenarioResult(pickle, info.TestName, status, _errors.ToArray(), _steps.ToArray(), _hooks.ToArray(), watch.Elapsed);
        output.WriteLine(result.Succeeded ? "-> scenario passed" : $"-> scenario {status}: {result.Error?.Message.Split('\n')[0].TrimEnd()}");
        notifier.Notify(l => l.OnScenarioFinished(new ScenarioFinishedEvent(_context, result, DateTimeOffset.Now)));
        return result;
    }

    private async Task RunStepAsync(PickleStep step, CancellationToken cancellationToken)
    {
        var source = document.SourceStepOf(step);
        var keyword = source?.Keyword ?? "* ";
        var type = step.Type switch
        {
            PickleStepType.CONTEXT => StepDefinitionType.Given,
            PickleStepType.ACTION => StepDefinitionType.When,
            PickleStepType.OUTCOME => StepDefinitionType.Then,
            _ => (StepDefinitionType?)null,
        };
        var table = ToTable(step.Argument?.DataTable);
        var docString = step.Argument?.DocString?.Content;
        var stepArgument = (object?)table ?? docString;
        var line = $"  {keyword}{step.Text}";
        _context.StepContext = new StepInfo(type, keyword, step.Text);
        notifier.Notify(l => l.OnStepStarted(new StepStartedEvent(_context, step, keyword, DateTimeOffset.Now)));

        var watch = Stopwatch.StartNew();
        var matches = bindings.FindMatches(type, step.Text, stepArgument is not null);
        StepResult result;
        if (matches.Count == 0)
        {
            var snippet = StepSnippet.For(type, step.Text, table is not null, docString is not null);
            var error = new UndefinedStepException($"{keyword}{step.Text}", snippet);
            result = new StepResult(step, keyword, step.Text, StepStatus.Undefined, watch.Elapsed, error, null, snippet);
            output.WriteLine($"{line} -> undefined: no matching step definition. Use the following code to create one:");
            output.WriteLine(Indent(snippet, "      "));
            Fail(error, ScenarioExecutionStatus.UndefinedStep);
        }
        else if (_errors.Count > 0 || cancellationToken.IsCancellationRequested)
        {
            result = new StepResult(step, keyword, step.Text, StepStatus.Skipped, TimeSpan.Zero, null, matches.Count == 1 ? matches[0].Binding : null);
            output.WriteLine($"{line} -> skipped because of previous errors");
            if (_errors.Count == 0)
            {
                Fail(new OperationCanceledException(cancellationToken), ScenarioExecutionStatus.TestError);
            }
        }
        else if (matches.Count > 1)
        {
            var error = new AmbiguousStepException($"{keyword}{step.Text}", matches.Select(m => m.Binding).ToList());
            result = new StepResult(step, keyword, step.Text, StepStatus.Ambiguous, watch.Elapsed, error, null);
            output.WriteLine($"{line} -> ambiguous: {error.Message}");
            Fail(error, ScenarioExecutionStatus.BindingError);
        }
        else
        {
            result = await ExecuteAsync(step, keyword, line, matches[0], stepArgument, cancellationToken).ConfigureAwait(false);
        }

        WriteArgument(table, docString);
        _steps.Add(result);
        notifier.Notify(l => l.OnStepFinished(new StepFinishedEvent(_context, result, DateTimeOffset.Now)));
    }

    private async Task<StepResult> ExecuteAsync(
        PickleStep step, string keyword, string line, StepMatch match, object? stepArgument, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        Exception? error = null;
        var stepHooksFailed = await RunHooksAsync(HookType.BeforeStep, stopAtFirstError: true, cancellationToken).ConfigureAwait(false);
        if (!stepHooksFailed)
        {
            try
            {
                var arguments = BindingInvoker.BuildStepArguments(match, step.Text, stepArgument, cancellationToken);
                var target = match.Binding.Method.IsStatic ? null : _container.Resolve(match.Binding.Method.DeclaringType!);
                await BindingInvoker.InvokeAsync(match.Binding.Method, target, arguments).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                error = e;
            }
        }

        var elapsed = watch.Elapsed;
        var status = error switch
        {
            null when stepHooksFailed => StepStatus.Failed,
            null => StepStatus.Passed,
            PendingStepException => StepStatus.Pending,
            // Assert.Inconclusive/Assert.Ignore in a step: the check could not be made here (say, no sensor on this
            // host). Reported as skipped with its reason, never as a pass; the NUnit test ends inconclusive.
            NUnit.Framework.InconclusiveException or NUnit.Framework.IgnoreException => StepStatus.Skipped,
            _ => StepStatus.Failed,
        };
        switch (status)
        {
            case StepStatus.Passed:
                output.WriteLine($"{line} -> done ({BindingInvoker.Seconds(elapsed)})");
                break;
            case StepStatus.Skipped:
                output.WriteLine($"{line} -> inconclusive: {error!.Message} ({BindingInvoker.Seconds(elapsed)})");
                Fail(error, ScenarioExecutionStatus.Skipped);
                break;
            case StepStatus.Pending:
                output.WriteLine($"{line} -> pending: {error!.Message} ({BindingInvoker.Seconds(elapsed)})");
                Fail(error, ScenarioExecutionStatus.StepDefinitionPending);
                break;
            default:
                output.WriteLine($"{line} -> error: {error?.Message ?? "a BeforeStep hook failed"} ({BindingInvoker.Seconds(elapsed)})");
                if (error is not null)
                {
                    Fail(error, error is BindingException ? ScenarioExecutionStatus.BindingError : ScenarioExecutionStatus.TestError);
                }

                break;
        }

        // AfterStep hooks run even for a failed step, like AfterScenario for a failed scenario.
        await RunHooksAsync(HookType.AfterStep, stopAtFirstError: false, cancellationToken).ConfigureAwait(false);
        return new StepResult(step, keyword, step.Text, status, elapsed, error ?? (stepHooksFailed ? _errors[0] : null), match.Binding);
    }

    /// <returns>True if a hook failed.</returns>
    private async Task<bool> RunHooksAsync(HookType type, bool stopAtFirstError, CancellationToken cancellationToken)
    {
        var failed = false;
        foreach (var hook in bindings.HooksFor(type, _context.ScenarioInfo.CombinedTags))
        {
            var result = await BindingInvoker.InvokeHookAsync(hook, _container, cancellationToken).ConfigureAwait(false);
            _hooks.Add(result);
            notifier.Notify(l => l.OnHookFinished(new HookFinishedEvent(result, featureContext, _context, DateTimeOffset.Now)));
            if (result.Error is not null)
            {
                output.WriteLine($"  [{type}] {hook.MethodName} -> error: {result.Error.InnerException?.Message} ({BindingInvoker.Seconds(result.Duration)})");
                Fail(result.Error, ScenarioExecutionStatus.TestError);
                failed = true;
                if (stopAtFirstError)
                {
                    break;
                }
            }
        }

        return failed;
    }

    private void Fail(Exception error, ScenarioExecutionStatus status)
    {
        if (_errors.Count == 0)
        {
            _context.TestError = error;
            _context.ScenarioExecutionStatus = status;
        }

        _errors.Add(error);
    }

    private void WriteArgument(Table? table, string? docString)
    {
        if (table is not null)
        {
            output.Write(Indent(table.ToString().TrimEnd(), "      "));
            output.WriteLine();
        }

        if (docString is not null)
        {
            output.WriteLine("      \"\"\"");
            output.WriteLine(Indent(docString, "      "));
            output.WriteLine("      \"\"\"");
        }
    }

    private static Table? ToTable(PickleTable? pickleTable)
    {
        if (pickleTable is null || pickleTable.Rows.Count == 0)
        {
            return null;
        }

        var table = new Table(pickleTable.Rows[0].Cells.Select(c => c.Value).ToArray());
        foreach (var row in pickleTable.Rows.Skip(1))
        {
            table.AddRow(row.Cells.Select(c => c.Value).ToArray());
        }

        return table;
    }

    private static string Indent(string text, string prefix) =>
        string.Join(Environment.NewLine, text.Split('\n').Select(l => prefix + l.TrimEnd('\r')));
}
