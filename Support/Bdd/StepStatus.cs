namespace NetnsBdd.Support.Bdd;

/// <summary>How one step ended; the same set as Cucumber's TestStepResultStatus so reports map one to one.</summary>
public enum StepStatus
{
    Passed,
    Failed,
    Skipped,
    Pending,
    Undefined,
    Ambiguous,
}
