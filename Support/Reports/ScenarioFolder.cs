using Reqnroll;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// The scenario's results folder, made on first use: by a step that streams results while it runs (a soak's rounds)
/// or, at the latest, by the hooks writing the artifacts at the scenario's end. One folder per scenario either way.
/// </summary>
public sealed class ScenarioFolder(RunFolder run, FeatureContext feature, ScenarioContext scenario)
{
    private string? _path;

    public string Path => _path ??= run.CreateScenarioFolder(Title);

    /// <summary>"Feature: Scenario", an outline row's values put into its title: names the scenario's results folder.</summary>
    public string Title
    {
        get
        {
            var info = scenario.ScenarioInfo;
            var values = info.Arguments.Keys.Cast<object>().Select(k => (Key: $"{k}", Value: $"{info.Arguments[k]}")).ToList();
            var title = values.Aggregate(info.Title, (t, v) => t.Replace($"<{v.Key}>", v.Value, StringComparison.Ordinal));
            if (title == info.Title && values.Count > 0)
            {
                title += " [" + string.Join(", ", values.Select(v => $"{v.Key}={v.Value}")) + "]";
            }

            return $"{feature.FeatureInfo.Title}: {title}";
        }
    }
}
