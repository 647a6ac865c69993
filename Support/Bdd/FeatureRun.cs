using Pickle = Io.Cucumber.Messages.Types.Pickle;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// One feature in progress: its container and <see cref="FeatureContext"/> live from BeforeFeature to AfterFeature,
/// across its scenarios. Disposing it finishes it (AfterFeature hooks always run).
/// </summary>
public sealed class FeatureRun : IAsyncDisposable
{
    private readonly BddTestRun _testRun;
    private readonly ObjectContainer _container;
    private bool _finished;

    internal FeatureRun(BddTestRun testRun, FeatureDocument document)
    {
        _testRun = testRun;
        Document = document;
        _container = new ObjectContainer(testRun.Container);
        FeatureContext = new FeatureContext(document.FeatureInfo, document, _container);
        _container.RegisterInstanceAs(FeatureContext);
    }

    public FeatureDocument Document { get; }

    public FeatureContext FeatureContext { get; }

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        _testRun.Notifier.Notify(l => l.OnFeatureStarted(new FeatureStartedEvent(FeatureContext, DateTimeOffset.Now)));
        FeatureContext.TestError = await RunHooksAsync(HookType.BeforeFeature, stopAtFirstError: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one pickle of this feature; never throws for a failing scenario (see the result).</summary>
    /// <param name="output">Receives the step echo; <see cref="TextWriter.Null"/> when omitted.</param>
    public Task<ScenarioResult> RunScenarioAsync(Pickle pickle, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pickle);
        ObjectDisposedException.ThrowIf(_finished, this);
        var preErrors = new List<Exception>();
        var bindingErrors = _testRun.Bindings.Errors.Concat(_testRun.BindingErrors).ToList();
        if (bindingErrors.Count > 0)
        {
            preErrors.Add(new BindingException(
                $"The bindings have {bindingErrors.Count} error(s); fix them first:{Environment.NewLine}" +
                string.Join(Environment.NewLine, bindingErrors.Select(e => "  " + e))));
        }

        if (_testRun.TestRunError is { } runError)
        {
            preErrors.Add(runError);
        }

        if (FeatureContext.TestError is { } featureError)
        {
            preErrors.Add(featureError);
        }

        var runner = new ScenarioRunner(_testRun.Bindings, _testRun.Notifier, Document, FeatureContext, _container, output ?? TextWriter.Null);
        return runner.RunAsync(pickle, preErrors, cancellationToken);
    }

    /// <summary>Runs the AfterFeature hooks (once), disposes feature-scoped objects and notifies listeners.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken = default)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        var error = await RunHooksAsync(HookType.AfterFeature, stopAtFirstError: false, cancellationToken).ConfigureAwait(false);
        try
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error ??= e;
        }

        FeatureContext.TestError ??= error;
        _testRun.Notifier.Notify(l => l.OnFeatureFinished(new FeatureFinishedEvent(FeatureContext, DateTimeOffset.Now, FeatureContext.TestError)));
    }

    public async ValueTask DisposeAsync() => await FinishAsync().ConfigureAwait(false);

    private async Task<Exception?> RunHooksAsync(HookType type, bool stopAtFirstError, CancellationToken cancellationToken)
    {
        Exception? first = null;
        foreach (var hook in _testRun.Bindings.HooksFor(type, FeatureContext.FeatureInfo.Tags))
        {
            var result = await BindingInvoker.InvokeHookAsync(hook, _container, cancellationToken).ConfigureAwait(false);
            _testRun.Notifier.Notify(l => l.OnHookFinished(new HookFinishedEvent(result, FeatureContext, null, DateTimeOffset.Now)));
            if (result.Error is not null)
            {
                _testRun.Output.WriteLine($"[{type}] {hook.MethodName} -> error: {result.Error.InnerException?.Message} ({BindingInvoker.Seconds(result.Duration)})");
                first ??= result.Error;
                if (stopAtFirstError)
                {
                    break;
                }
            }
        }

        return first;
    }
}
