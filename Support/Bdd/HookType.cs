namespace NetnsBdd.Support.Bdd;

/// <summary>When a hook runs (Reqnroll's <c>HookType</c>).</summary>
public enum HookType
{
    BeforeTestRun,
    AfterTestRun,
    BeforeFeature,
    AfterFeature,
    BeforeScenario,
    AfterScenario,
    BeforeStep,
    AfterStep,
}
