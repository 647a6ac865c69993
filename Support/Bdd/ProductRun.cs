namespace NetnsBdd.Support.Bdd;

/// <summary>
/// The product's run-wide state (the registry the run owns): the features under the output folder's <c>Features/</c>,
/// the product bindings (<see cref="BindingRegistry.ForProduct"/>, which leaves out the layer's test bindings) and
/// the one <see cref="BddTestRun"/> the NUnit feature fixtures share.
/// </summary>
public static class ProductRun
{
    private static readonly Lazy<IReadOnlyList<FeatureDocument>> LazyFeatures =
        new(() => FeatureParser.Discover(FeaturesDirectory));

    private static readonly Lazy<BindingRegistry> LazyBindings = new(BindingRegistry.ForProduct);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static BddTestRun? _current;

    /// <summary>The .feature files are copied next to the test assembly by the csproj.</summary>
    public static string FeaturesDirectory => Path.Combine(AppContext.BaseDirectory, "Features");

    public static IReadOnlyList<FeatureDocument> Features => LazyFeatures.Value;

    public static BindingRegistry Bindings => LazyBindings.Value;

    public static FeatureDocument Feature(string uri) =>
        Features.FirstOrDefault(f => f.Uri == uri)
        ?? throw new ArgumentException($"No feature file '{uri}' under {FeaturesDirectory}.", nameof(uri));

    /// <summary>The shared run, started (BeforeTestRun hooks) on first use.</summary>
    public static async Task<BddTestRun> GetOrStartAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is null)
            {
                _current = new BddTestRun(Bindings, BddRunListeners.All, output);
                await _current.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            return _current;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs AfterTestRun hooks of the shared run, if it started; returns its test-run error.</summary>
    public static async Task<Exception?> FinishAsync(CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is null)
            {
                return null;
            }

            await _current.FinishAsync(cancellationToken).ConfigureAwait(false);
            var error = _current.TestRunError;
            _current = null;
            return error;
        }
        finally
        {
            Gate.Release();
        }
    }
}
