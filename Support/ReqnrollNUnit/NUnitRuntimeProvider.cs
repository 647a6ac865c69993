using NUnit.Framework;
using Reqnroll;
using Reqnroll.UnitTestProvider;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>Reqnroll's verdicts as NUnit outcomes, and NUnit's inconclusive/ignore exceptions as a skipped scenario.</summary>
public sealed class NUnitRuntimeProvider : IUnitTestRuntimeProvider
{
    public void TestPending(string message) => TestInconclusive(message);

    public void TestInconclusive(string message) => Assert.Inconclusive(message);

    public void TestIgnore(string message) => Assert.Ignore(message);

    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) =>
        exception is InconclusiveException or IgnoreException ? ScenarioExecutionStatus.Skipped : null;
}
