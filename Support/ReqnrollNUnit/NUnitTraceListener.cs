using NUnit.Framework;
using Reqnroll.Tracing;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>
/// Step echo and binding output, live: NUnit's progress stream reaches the console as the step runs. It goes there
/// only (not also to the test's own output, which the console logger prints again after the test), so each line
/// shows once. Reqnroll's formatters keep their own copy of binding output.
/// </summary>
public sealed class NUnitTraceListener : ITraceListener
{
    public void WriteTestOutput(string message) => TestContext.Progress.WriteLine(message);

    public void WriteToolOutput(string message) => TestContext.Progress.WriteLine("-> " + message);
}
