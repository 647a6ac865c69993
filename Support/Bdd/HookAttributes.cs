namespace NetnsBdd.Support.Bdd;

// The eight hook attributes live together: each is a one-line specialisation of HookAttribute.

/// <summary>Runs once before any feature; the method must be static.</summary>
public sealed class BeforeTestRunAttribute() : HookAttribute(HookType.BeforeTestRun, []);

/// <summary>Runs once after every feature; the method must be static. Runs even if something failed.</summary>
public sealed class AfterTestRunAttribute() : HookAttribute(HookType.AfterTestRun, []);

/// <summary>Runs before a feature's first scenario; the method must be static.</summary>
public sealed class BeforeFeatureAttribute(params string[] tags) : HookAttribute(HookType.BeforeFeature, tags);

/// <summary>Runs after a feature's last scenario; the method must be static. Runs even if something failed.</summary>
public sealed class AfterFeatureAttribute(params string[] tags) : HookAttribute(HookType.AfterFeature, tags);

/// <summary>Runs before each scenario's steps.</summary>
public sealed class BeforeScenarioAttribute(params string[] tags) : HookAttribute(HookType.BeforeScenario, tags);

/// <summary>Runs after each scenario, also when a step or a before-hook failed.</summary>
public sealed class AfterScenarioAttribute(params string[] tags) : HookAttribute(HookType.AfterScenario, tags);

/// <summary>Runs before each executed step.</summary>
public sealed class BeforeStepAttribute(params string[] tags) : HookAttribute(HookType.BeforeStep, tags);

/// <summary>Runs after each executed step, also when the step failed.</summary>
public sealed class AfterStepAttribute(params string[] tags) : HookAttribute(HookType.AfterStep, tags);
