using Pickle = Io.Cucumber.Messages.Types.Pickle;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// One per scenario: title, tags, error, status, a property bag and its feature. Injectable into binding constructors
/// and hook methods; <see cref="ScenarioContainer"/> is where hooks register scenario-scoped objects.
/// </summary>
public sealed class ScenarioContext : BddContext
{
    internal ScenarioContext(ScenarioInfo scenarioInfo, Pickle pickle, FeatureContext featureContext, ObjectContainer container)
    {
        ScenarioInfo = scenarioInfo;
        Pickle = pickle;
        FeatureContext = featureContext;
        ScenarioContainer = container;
    }

    public ScenarioInfo ScenarioInfo { get; }

    /// <summary>The compiled pickle this scenario runs (for reporters and Cucumber messages).</summary>
    public Pickle Pickle { get; }

    public FeatureContext FeatureContext { get; }

    public IObjectContainer ScenarioContainer { get; }

    /// <summary>The first error of the scenario (step or hook), or null while it is passing.</summary>
    public Exception? TestError { get; internal set; }

    public ScenarioExecutionStatus ScenarioExecutionStatus { get; internal set; } = ScenarioExecutionStatus.OK;

    /// <summary>The step currently running, or null outside steps.</summary>
    public StepInfo? StepContext { get; internal set; }

    /// <summary>Marks the current step pending (Reqnroll's <c>ScenarioContext.Pending()</c>).</summary>
    public static void Pending() => throw new PendingStepException();
}
