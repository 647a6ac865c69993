namespace NetnsBdd.Support.Bdd;

/// <summary>
/// Observes a run without changing it: the seam for reporters (Cucumber Messages NDJSON, HTML, JUnit attachments).
/// Every method has an empty default, so a listener implements only what it needs. Listeners come from
/// <see cref="BddRunListeners"/> (registered in code) and from binding classes implementing this interface (one
/// instance each per run). Calls are serial, in run order. A listener that throws is reported on the output and in
/// <see cref="BddTestRun.ListenerErrors"/> but does not fail scenarios.
/// </summary>
public interface IBddRunListener
{
    void OnTestRunStarted(TestRunStartedEvent e)
    {
    }

    void OnTestRunFinished(TestRunFinishedEvent e)
    {
    }

    void OnFeatureStarted(FeatureStartedEvent e)
    {
    }

    void OnFeatureFinished(FeatureFinishedEvent e)
    {
    }

    void OnScenarioStarted(ScenarioStartedEvent e)
    {
    }

    void OnScenarioFinished(ScenarioFinishedEvent e)
    {
    }

    void OnStepStarted(StepStartedEvent e)
    {
    }

    void OnStepFinished(StepFinishedEvent e)
    {
    }

    void OnHookFinished(HookFinishedEvent e)
    {
    }
}
