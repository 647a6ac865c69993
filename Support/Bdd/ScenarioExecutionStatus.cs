namespace NetnsBdd.Support.Bdd;

/// <summary>How a scenario (or a step) ended; names follow Reqnroll's <c>ScenarioExecutionStatus</c>.</summary>
public enum ScenarioExecutionStatus
{
    OK,
    StepDefinitionPending,
    UndefinedStep,
    BindingError,
    TestError,
    Skipped,
}
