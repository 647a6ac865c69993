using NetnsBdd.Support.Bdd;

namespace NetnsBdd.Support.Reports.Messages;

/// <summary>
/// One test step announced in a testCase message, waiting for its result. A test case lists its steps before they
/// run, so the writer plans them from the bindings and then ticks them off as the layer reports them; whatever
/// never ran (a hook after a failed BeforeScenario hook) is reported skipped, so every announced step gets a result.
/// </summary>
internal sealed class PlannedTestStep(string id, string? hookId, HookBinding? hook, string? pickleStepId)
{
    public string Id { get; } = id;

    /// <summary>Set for a hook step: the hook message id.</summary>
    public string? HookId { get; } = hookId;

    /// <summary>The hook binding this step runs; null for a pickle step or a pseudo hook (binding errors).</summary>
    public HookBinding? Hook { get; } = hook;

    /// <summary>Set for a pickle step: the (run-unique) pickle step id.</summary>
    public string? PickleStepId { get; } = pickleStepId;

    public bool Started { get; set; }

    public bool Finished { get; set; }
}
