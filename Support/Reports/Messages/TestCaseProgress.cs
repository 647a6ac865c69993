namespace NetnsBdd.Support.Reports.Messages;

/// <summary>The writer's view of one running scenario: its test case ids and which planned steps have reported.</summary>
internal sealed class TestCaseProgress(string testCaseStartedId, IReadOnlyList<PlannedTestStep> steps)
{
    public string TestCaseStartedId { get; } = testCaseStartedId;

    public IReadOnlyList<PlannedTestStep> Steps { get; } = steps;

    /// <summary>Steps before this index have a result (given or skipped); steps run in plan order.</summary>
    public int Next { get; set; }

    /// <summary>
    /// The first BeforeStep/AfterStep hook error since the current step started. Cucumber has no test step for step
    /// hooks, so their failure is reported on the step they wrap.
    /// </summary>
    public Exception? StepHookError { get; set; }
}
