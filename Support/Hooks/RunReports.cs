using NetnsBdd.Support.Bdd;
using NetnsBdd.Support.Reports;
using NetnsBdd.Support.Reports.Html;
using NetnsBdd.Support.Reports.Messages;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Support.Hooks;

/// <summary>
/// The run's settings, results folder and run-level reports (Cucumber Messages NDJSON, HTML). A listener binding is
/// created with the test run, before any hook, and the messages writer must see the run start; so this is where the
/// settings are loaded and validated and the folder made, and both are registered for hooks and steps to inject.
/// </summary>
[Binding]
public sealed class RunReports : IBddRunListener, IDisposable
{
    private readonly CucumberMessagesWriter _messages;
    private readonly HtmlRunReport _html;

    public RunReports(IObjectContainer container)
    {
        Settings = SuiteSettings.Load();
        Folder = RunFolder.Create(ResultsRoot.Resolve(Settings.Reports.OutputDirectory), DateTimeOffset.UtcNow);
        _messages = CucumberMessagesWriter.InDirectory(Folder.Path);
        _html = HtmlRunReport.InDirectory(Folder.Path);
        container.RegisterInstanceAs(Settings);
        container.RegisterInstanceAs(Folder);
        container.RegisterInstanceAs(this);
    }

    public SuiteSettings Settings { get; }

    public RunFolder Folder { get; }

    /// <summary>A scenario's key figures and charts for the HTML report.</summary>
    public void AddScenarioArtifacts(string scenarioTestName, IReadOnlyDictionary<string, string> figures, IReadOnlyList<string> pngPaths) =>
        _html.AddScenarioArtifacts(scenarioTestName, figures, pngPaths);

    public void OnTestRunStarted(TestRunStartedEvent e) => Both(l => l.OnTestRunStarted(e));

    public void OnTestRunFinished(TestRunFinishedEvent e) => Both(l => l.OnTestRunFinished(e));

    public void OnFeatureStarted(FeatureStartedEvent e) => Both(l => l.OnFeatureStarted(e));

    public void OnFeatureFinished(FeatureFinishedEvent e) => Both(l => l.OnFeatureFinished(e));

    public void OnScenarioStarted(ScenarioStartedEvent e) => Both(l => l.OnScenarioStarted(e));

    public void OnScenarioFinished(ScenarioFinishedEvent e) => Both(l => l.OnScenarioFinished(e));

    public void OnStepStarted(StepStartedEvent e) => Both(l => l.OnStepStarted(e));

    public void OnStepFinished(StepFinishedEvent e) => Both(l => l.OnStepFinished(e));

    public void OnHookFinished(HookFinishedEvent e) => Both(l => l.OnHookFinished(e));

    public void Dispose() => _messages.Dispose();

    private void Both(Action<IBddRunListener> notify)
    {
        notify(_messages);
        notify(_html);
    }
}
