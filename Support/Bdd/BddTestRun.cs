namespace NetnsBdd.Support.Bdd;

/// <summary>
/// One test run: owns the test-run container, runs BeforeTestRun/AfterTestRun hooks and starts features. It knows
/// nothing of NUnit, so the layer's unit tests drive it directly; the NUnit glue (<c>FeatureTests</c>) drives the
/// product run. Features and scenarios must be run one at a time: the run is deliberately serial.
/// </summary>
public sealed class BddTestRun : IAsyncDisposable
{
    private readonly ObjectContainer _container = new();
    private readonly TextWriter _output;
    private bool _started;
    private bool _finished;

    /// <param name="bindings">The step definitions and hooks to use (see <see cref="BindingRegistry"/>).</param>
    /// <param name="listeners">Extra listeners; listener binding classes of <paramref name="bindings"/> are added.</param>
    /// <param name="output">Where test-run and feature hook output goes; scenarios get their own writer.</param>
    public BddTestRun(BindingRegistry bindings, IEnumerable<IBddRunListener>? listeners = null, TextWriter? output = null)
    {
        Bindings = bindings ?? throw new ArgumentNullException(nameof(bindings));
        _output = output ?? TextWriter.Null;
        var all = (listeners ?? []).ToList();
        foreach (var type in bindings.ListenerTypes)
        {
            try
            {
                all.Add((IBddRunListener)_container.Resolve(type));
            }
            catch (BindingException e)
            {
                BindingErrors.Add($"Run listener {type.FullName}: {e.Message}");
            }
        }

        Notifier = new RunNotifier(all, _output);
    }

    public BindingRegistry Bindings { get; }

    /// <summary>Test-run scoped objects: register them in a [BeforeTestRun] hook taking an IObjectContainer.</summary>
    public IObjectContainer TestRunContainer => _container;

    /// <summary>The first BeforeTestRun/AfterTestRun hook error; scenarios fail while a BeforeTestRun error stands.</summary>
    public Exception? TestRunError { get; private set; }

    public IReadOnlyList<Exception> ListenerErrors => Notifier.Errors;

    internal RunNotifier Notifier { get; }

    internal List<string> BindingErrors { get; } = new();

    internal ObjectContainer Container => _container;

    internal TextWriter Output => _output;

    /// <summary>Notifies listeners and runs the BeforeTestRun hooks (once).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        Notifier.Notify(l => l.OnTestRunStarted(new TestRunStartedEvent(Bindings, DateTimeOffset.Now)));
        TestRunError = await RunHooksAsync(HookType.BeforeTestRun, stopAtFirstError: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a feature: creates its container and context and runs its BeforeFeature hooks.</summary>
    public async Task<FeatureRun> StartFeatureAsync(FeatureDocument feature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (feature.ParseError is not null)
        {
            throw new ArgumentException($"{feature.Uri} did not parse, so it cannot run: {feature.ParseError}", nameof(feature));
        }

        await StartAsync(cancellationToken).ConfigureAwait(false);
        var run = new FeatureRun(this, feature);
        await run.StartAsync(cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Starts <paramref name="feature"/>, runs every pickle in order, finishes it. For tests and tools.</summary>
    public async Task<IReadOnlyList<ScenarioResult>> RunFeatureAsync(
        FeatureDocument feature, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        var results = new List<ScenarioResult>();
        await using var run = await StartFeatureAsync(feature, cancellationToken).ConfigureAwait(false);
        foreach (var pickle in feature.Pickles)
        {
            results.Add(await run.RunScenarioAsync(pickle, output, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Runs the AfterTestRun hooks (always, once), notifies listeners and disposes test-run objects.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken = default)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        var error = await RunHooksAsync(HookType.AfterTestRun, stopAtFirstError: false, cancellationToken).ConfigureAwait(false);
        TestRunError ??= error;

        // Listeners may live in the test-run container: tell them the run is over before disposing them.
        Notifier.Notify(l => l.OnTestRunFinished(new TestRunFinishedEvent(DateTimeOffset.Now, TestRunError)));
        try
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TestRunError ??= e;
        }
    }

    public async ValueTask DisposeAsync() => await FinishAsync().ConfigureAwait(false);

    private async Task<Exception?> RunHooksAsync(HookType type, bool stopAtFirstError, CancellationToken cancellationToken)
    {
        Exception? first = null;
        foreach (var hook in Bindings.HooksFor(type, []))
        {
            var result = await BindingInvoker.InvokeHookAsync(hook, _container, cancellationToken).ConfigureAwait(false);
            Notifier.Notify(l => l.OnHookFinished(new HookFinishedEvent(result, null, null, DateTimeOffset.Now)));
            if (result.Error is not null)
            {
                _output.WriteLine($"[{type}] {hook.MethodName} -> error: {result.Error.InnerException?.Message} ({BindingInvoker.Seconds(result.Duration)})");
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
