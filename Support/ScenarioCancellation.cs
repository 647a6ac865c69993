using NUnit.Framework;

namespace NetnsBdd.Support;

/// <summary>
/// The running test's cancellation (a [CancelAfter] limit, or the run being stopped) for step definitions and hooks to
/// pass on: Reqnroll fills step parameters from the step text only, so a CancellationToken comes through injection.
/// </summary>
public sealed class ScenarioCancellation
{
    public CancellationToken Token => TestContext.CurrentContext.CancellationToken;
}
