using NUnit.Framework;
using Reqnroll;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>
/// Reqnroll's test run around the feature fixtures of the deriving class's namespace (Reqnroll.NUnit generates the
/// same two calls in an assembly-wide SetUpFixture): BeforeTestRun hooks before the first scenario, AfterTestRun
/// hooks and the formatters' final write after the last one. Derive a <c>[SetUpFixture]</c> in that namespace.
/// </summary>
public abstract class ReqnrollTestRun
{
    [OneTimeSetUp]
    public Task StartAsync() => TestRunnerManager.OnTestRunStartAsync(GetType().Assembly);

    [OneTimeTearDown]
    public Task EndAsync() => TestRunnerManager.OnTestRunEndAsync(GetType().Assembly);
}
