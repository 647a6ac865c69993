using System.Text;
using NetnsBdd.Support.Bdd;

namespace NetnsBdd.Support.Reports.Html;

/// <summary>
/// Collects the run from listener events and writes one self-contained <c>report.html</c> (inline CSS, charts as
/// data URIs, no script): readable from a QA lab's file share without a server. The file is rewritten after every
/// feature and at the end of the run, so an aborted run still leaves a report of what finished.
/// Product hooks add key figures and charts with <see cref="AddScenarioArtifacts"/>, keyed by the scenario's test
/// name (<see cref="ScenarioInfo.TestName"/>), at any time before the report is written.
/// </summary>
public sealed class HtmlRunReport : IBddRunListener
{
    public const string DefaultFileName = "report.html";

    private readonly Lock _gate = new();
    private readonly List<ReportedScenario> _scenarios = new();
    private readonly Dictionary<string, ReportedArtifacts> _artifacts = new(StringComparer.Ordinal);
    private readonly Dictionary<ScenarioContext, List<ReportedStep>> _running = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _runProblems = new();
    private DateTimeOffset? _started;
    private DateTimeOffset? _finished;

    /// <param name="path">The file to (over)write; its folder is created when the report is written.</param>
    public HtmlRunReport(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
    }

    public string FilePath { get; }

    /// <summary>Shown in the report's heading.</summary>
    public string Title { get; init; } = "NetnsBdd run report";

    public static HtmlRunReport InDirectory(string directory) => new(Path.Combine(directory, DefaultFileName));

    /// <summary>
    /// Attaches key figures (shown in the given order) and PNG charts to a scenario; calling again for the same
    /// scenario adds to what is there. A PNG that cannot be read is named in the report instead of failing the run.
    /// </summary>
    public void AddScenarioArtifacts(string scenarioTestName, IReadOnlyDictionary<string, string> figures, IReadOnlyList<string> pngPaths)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scenarioTestName);
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(pngPaths);
        var charts = pngPaths.Select(ReadChart).ToList();
        lock (_gate)
        {
            var added = new ReportedArtifacts(figures.ToList(), charts);
            _artifacts[scenarioTestName] = _artifacts.TryGetValue(scenarioTestName, out var existing)
                ? new ReportedArtifacts([.. existing.Figures, .. added.Figures], [.. existing.Charts, .. added.Charts])
                : added;
        }
    }

    public void OnTestRunStarted(TestRunStartedEvent e)
    {
        lock (_gate)
        {
            _started ??= e.Timestamp;
            if (e.Bindings.Errors.Count > 0)
            {
                _runProblems.Add("Binding errors:" + Environment.NewLine + string.Join(Environment.NewLine, e.Bindings.Errors));
            }
        }
    }

    public void OnScenarioStarted(ScenarioStartedEvent e)
    {
        lock (_gate)
        {
            _started ??= e.Timestamp;
            _running[e.Scenario] = new List<ReportedStep>();
        }
    }

    public void OnStepFinished(StepFinishedEvent e)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(e.Scenario, out var steps))
            {
                var r = e.Result;
                steps.Add(new ReportedStep(r.Keyword, r.Text, r.Status, r.Duration, r.Error?.Message));
            }
        }
    }

    public void OnHookFinished(HookFinishedEvent e)
    {
        if (e.Result.Error is not { } error)
        {
            return;
        }

        lock (_gate)
        {
            // A failed hook explains a failure no step shows, so it is listed among the steps (or under the run).
            if (e.Scenario is not null && _running.TryGetValue(e.Scenario, out var steps))
            {
                steps.Add(new ReportedStep($"[{e.Result.Hook.HookType}] ", e.Result.Hook.MethodName, StepStatus.Failed, e.Result.Duration, error.Message));
            }
            else if (e.Scenario is null)
            {
                var where = e.Feature is null ? "the run" : $"feature '{e.Feature.FeatureInfo.Title}'";
                _runProblems.Add($"{e.Result.Hook} of {where}: {error.Message}");
            }
        }
    }

    public void OnScenarioFinished(ScenarioFinishedEvent e)
    {
        lock (_gate)
        {
            _running.Remove(e.Scenario, out var steps);
            var result = e.Result;
            var outcome = result.Succeeded ? ReportedOutcome.Passed
                : result.Status == ScenarioExecutionStatus.Skipped ? ReportedOutcome.Skipped
                : ReportedOutcome.Failed;
            _scenarios.Add(new ReportedScenario(
                e.Scenario.FeatureContext.FeatureInfo.Title,
                result.TestName,
                e.Scenario.ScenarioInfo.Title,
                outcome,
                result.Status,
                result.Duration,
                e.Scenario.ScenarioInfo.CombinedTags,
                steps ?? [],
                result.Succeeded ? null : result.FailureMessage));
        }
    }

    public void OnFeatureFinished(FeatureFinishedEvent e) => Write();

    public void OnTestRunFinished(TestRunFinishedEvent e)
    {
        lock (_gate)
        {
            _finished = e.Timestamp;
        }

        Write();
    }

    /// <summary>Writes the report as it stands (replacing the file in one step, so a reader never sees half of it).</summary>
    public void Write()
    {
        string html;
        lock (_gate)
        {
            var started = _started ?? DateTimeOffset.Now;
            html = HtmlRunReportRenderer.Render(new HtmlRunReportRenderer.Run(
                Title,
                Environment.MachineName,
                started,
                (_finished ?? DateTimeOffset.Now) - started,
                _finished is not null,
                _scenarios.ToList(),
                new Dictionary<string, ReportedArtifacts>(_artifacts, StringComparer.Ordinal),
                _runProblems.ToList()));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, html, new UTF8Encoding(false));
        File.Move(temporary, FilePath, overwrite: true);
    }

    private static ReportedChart ReadChart(string path)
    {
        var name = Path.GetFileName(path);
        try
        {
            var content = File.ReadAllBytes(path);
            ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
            return content.AsSpan().StartsWith(signature)
                ? new ReportedChart(name, content, null)
                : new ReportedChart(name, null, $"{path} is not a PNG file.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ReportedChart(name, null, $"{path} could not be read: {e.Message}");
        }
    }
}
