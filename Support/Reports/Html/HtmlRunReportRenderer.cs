using System.Globalization;
using System.Net;
using System.Text;
using NetnsBdd.Support.Bdd;

namespace NetnsBdd.Support.Reports.Html;

/// <summary>
/// Turns a collected run into the report's HTML. Every text from the run (names, step texts, messages, figures)
/// goes through <see cref="WebUtility.HtmlEncode"/>: feature files and exception messages contain &lt;, &amp; and quotes.
/// Failed scenarios and those with figures or charts are expanded; other passed ones are collapsed under
/// <c>details</c>, which needs no script.
/// </summary>
public static class HtmlRunReportRenderer
{
    /// <summary>What one report shows.</summary>
    public sealed record Run(
        string Title,
        string HostName,
        DateTimeOffset Started,
        TimeSpan Duration,
        bool Finished,
        IReadOnlyList<ReportedScenario> Scenarios,
        IReadOnlyDictionary<string, ReportedArtifacts> Artifacts,
        IReadOnlyList<string> RunProblems);

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1.5rem 2rem;color:#1f2328;background:#f6f8fa}
        h1{font-size:1.6rem;margin:0 0 .25rem}
        h2{font-size:1.25rem;margin:1.75rem 0 .5rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
        .meta{color:#57606a;margin:0 0 1rem}
        .summary{display:flex;gap:.75rem;flex-wrap:wrap;margin:1rem 0}
        .count{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;min-width:6rem}
        .count b{display:block;font-size:1.5rem}
        .count.passed b{color:#1a7f37}.count.failed b{color:#cf222e}.count.skipped b{color:#9a6700}
        details.scenario{background:#fff;border:1px solid #d0d7de;border-left:6px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.25rem .75rem}
        details.scenario.passed{border-left-color:#1a7f37}details.scenario.failed{border-left-color:#cf222e}details.scenario.skipped{border-left-color:#bf8700}
        summary{cursor:pointer;padding:.35rem 0;font-weight:600}
        .badge{display:inline-block;font-size:.75rem;font-weight:700;border-radius:1rem;padding:.05rem .6rem;margin-right:.5rem;color:#fff;text-transform:uppercase}
        .badge.passed{background:#1a7f37}.badge.failed{background:#cf222e}.badge.skipped,.badge.pending,.badge.undefined,.badge.ambiguous{background:#9a6700}
        .time{color:#57606a;font-weight:400;margin-left:.5rem}
        .tags{color:#8250df;font-weight:400;margin-left:.5rem;font-size:.85rem}
        table{border-collapse:collapse;margin:.5rem 0}
        td,th{padding:.2rem .6rem;text-align:left;vertical-align:top;border-bottom:1px solid #eaeef2}
        td.status{font-weight:600;text-transform:uppercase;font-size:.8rem}
        td.status.passed{color:#1a7f37}td.status.failed{color:#cf222e}td.status.skipped,td.status.pending,td.status.undefined,td.status.ambiguous{color:#9a6700}
        td.num{text-align:right;font-variant-numeric:tabular-nums;color:#57606a}
        .kw{font-weight:700;color:#0550ae}
        pre{background:#fff0f0;border:1px solid #ffcecb;border-radius:6px;padding:.6rem;white-space:pre-wrap;word-break:break-word;font-size:.85rem}
        pre.problem{background:#fff8c5;border-color:#eac54f}
        .figures th{color:#57606a;font-weight:600}
        .charts{display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0}
        .charts figure{margin:0;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.5rem}
        .charts img{max-width:100%;height:auto;display:block}
        .charts figcaption{color:#57606a;font-size:.8rem;margin-top:.25rem}
        """;

    public static string Render(Run run)
    {
        var html = new StringBuilder();
        var passed = run.Scenarios.Count(s => s.Outcome == ReportedOutcome.Passed);
        var failed = run.Scenarios.Count(s => s.Outcome == ReportedOutcome.Failed);
        var skipped = run.Scenarios.Count(s => s.Outcome == ReportedOutcome.Skipped);

        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(run.Title)).Append(" – ").Append(E(run.HostName)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(run.Title)).Append("</h1>\n");
        html.Append("<p class=\"meta\">Host <b>").Append(E(run.HostName)).Append("</b> · started ")
            .Append(E(run.Started.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)))
            .Append(" · duration ").Append(E(Seconds(run.Duration)))
            .Append(run.Finished ? string.Empty : " · <b>run not finished</b> (this report was written while it ran)")
            .Append("</p>\n");
        html.Append("<div class=\"summary\">")
            .Append(Count("passed", passed)).Append(Count("failed", failed)).Append(Count("skipped", skipped))
            .Append("<div class=\"count\"><b>").Append(run.Scenarios.Count.ToString(CultureInfo.InvariantCulture)).Append("</b>scenarios</div>")
            .Append("</div>\n");

        foreach (var problem in run.RunProblems)
        {
            html.Append("<pre class=\"problem\">").Append(E(problem)).Append("</pre>\n");
        }

        foreach (var feature in run.Scenarios.GroupBy(s => s.FeatureName))
        {
            var featureFailed = feature.Count(s => s.Outcome == ReportedOutcome.Failed);
            html.Append("<h2>").Append(E(feature.Key))
                .Append("<span class=\"time\">").Append(E($"{feature.Count()} scenarios, {featureFailed} failed")).Append("</span></h2>\n");
            foreach (var scenario in feature)
            {
                AppendScenario(html, scenario, run.Artifacts.GetValueOrDefault(scenario.TestName));
            }
        }

        // Artifacts whose scenario never reported (a typo in the name, or a crash) are shown rather than lost.
        var orphans = run.Artifacts.Keys.Except(run.Scenarios.Select(s => s.TestName), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (orphans.Count > 0)
        {
            html.Append("<h2>Artifacts without a finished scenario</h2>\n");
            foreach (var name in orphans)
            {
                html.Append("<h3>").Append(E(name)).Append("</h3>\n");
                AppendArtifacts(html, run.Artifacts[name]);
            }
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendScenario(StringBuilder html, ReportedScenario scenario, ReportedArtifacts? artifacts)
    {
        var outcome = ClassOf(scenario.Outcome.ToString());
        html.Append("<details class=\"scenario ").Append(outcome).Append('"')
            .Append(scenario.Outcome == ReportedOutcome.Passed && artifacts is null ? string.Empty : " open").Append(">\n<summary>")
            .Append("<span class=\"badge ").Append(outcome).Append("\">").Append(outcome).Append("</span>")
            .Append(E(scenario.TestName))
            .Append("<span class=\"time\">").Append(E(Seconds(scenario.Duration))).Append("</span>");
        if (scenario.Tags.Count > 0)
        {
            html.Append("<span class=\"tags\">").Append(E(string.Join(' ', scenario.Tags.Select(t => "@" + t)))).Append("</span>");
        }

        html.Append("</summary>\n<table class=\"steps\">\n");
        foreach (var step in scenario.Steps)
        {
            var status = ClassOf(step.Status.ToString());
            html.Append("<tr><td><span class=\"kw\">").Append(E(step.Keyword.Trim())).Append("</span> ").Append(E(step.Text)).Append("</td>")
                .Append("<td class=\"status ").Append(status).Append("\">").Append(status).Append("</td>")
                .Append("<td class=\"num\">").Append(E(Seconds(step.Duration))).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        if (scenario.FailureMessage is { } message)
        {
            var failingStep = scenario.Steps.FirstOrDefault(s => s.Status != StepStatus.Passed && s.ErrorMessage is not null);
            if (failingStep is not null)
            {
                html.Append("<p>Failed at <span class=\"kw\">").Append(E(failingStep.Keyword.Trim())).Append("</span> ")
                    .Append(E(failingStep.Text)).Append(":</p>\n");
            }

            html.Append("<pre>").Append(E(message)).Append("</pre>\n");
        }

        if (artifacts is not null)
        {
            AppendArtifacts(html, artifacts);
        }

        html.Append("</details>\n");
    }

    private static void AppendArtifacts(StringBuilder html, ReportedArtifacts artifacts)
    {
        if (artifacts.Figures.Count > 0)
        {
            html.Append("<table class=\"figures\">\n");
            foreach (var (key, value) in artifacts.Figures)
            {
                html.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        if (artifacts.Charts.Count == 0)
        {
            return;
        }

        html.Append("<div class=\"charts\">\n");
        foreach (var chart in artifacts.Charts)
        {
            if (chart.Content is { } png)
            {
                html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
                    .Append("\" alt=\"").Append(E(chart.Name)).Append("\"><figcaption>").Append(E(chart.Name)).Append("</figcaption></figure>\n");
            }
            else
            {
                html.Append("<pre class=\"problem\">").Append(E(chart.Problem ?? chart.Name)).Append("</pre>\n");
            }
        }

        html.Append("</div>\n");
    }

    private static string Count(string outcome, int count) =>
        $"<div class=\"count {outcome}\"><b>{count.ToString(CultureInfo.InvariantCulture)}</b>{outcome}</div>";

    private static string ClassOf(string name) => name.ToLowerInvariant();

    private static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString(duration.TotalSeconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
