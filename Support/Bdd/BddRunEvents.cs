using PickleStep = Io.Cucumber.Messages.Types.PickleStep;

namespace NetnsBdd.Support.Bdd;

// The events IBddRunListener receives, kept together: small immutable records that carry the contexts (and through
// them the FeatureDocument with its Gherkin document, pickles and ids) so Cucumber messages can be built later.

/// <summary>The run starts (before BeforeTestRun hooks). <paramref name="Bindings"/> lists every step definition and hook.</summary>
public sealed record TestRunStartedEvent(BindingRegistry Bindings, DateTimeOffset Timestamp);

/// <summary>The run ended (after AfterTestRun hooks); <paramref name="Error"/> is the first test-run hook error.</summary>
public sealed record TestRunFinishedEvent(DateTimeOffset Timestamp, Exception? Error);

/// <summary>A feature starts (before its BeforeFeature hooks). Its document has the pickles about to run.</summary>
public sealed record FeatureStartedEvent(FeatureContext Feature, DateTimeOffset Timestamp);

/// <summary>A feature ended (after its AfterFeature hooks); <paramref name="Error"/> is the first feature hook error.</summary>
public sealed record FeatureFinishedEvent(FeatureContext Feature, DateTimeOffset Timestamp, Exception? Error);

/// <summary>A scenario (pickle) starts, before its BeforeScenario hooks.</summary>
public sealed record ScenarioStartedEvent(ScenarioContext Scenario, DateTimeOffset Timestamp);

/// <summary>A scenario ended, after its AfterScenario hooks and the disposal of its context objects.</summary>
public sealed record ScenarioFinishedEvent(ScenarioContext Scenario, ScenarioResult Result, DateTimeOffset Timestamp);

/// <summary>A step starts (also sent for steps that end up skipped, undefined or ambiguous).</summary>
public sealed record StepStartedEvent(ScenarioContext Scenario, PickleStep Step, string Keyword, DateTimeOffset Timestamp);

/// <summary>A step ended, with its status, duration, error and matched binding.</summary>
public sealed record StepFinishedEvent(ScenarioContext Scenario, StepResult Result, DateTimeOffset Timestamp);

/// <summary>A hook ran. <paramref name="Scenario"/> is null for test-run and feature hooks.</summary>
public sealed record HookFinishedEvent(HookResult Result, FeatureContext? Feature, ScenarioContext? Scenario, DateTimeOffset Timestamp);
