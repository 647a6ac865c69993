using System.Text.Json;
using NetnsBdd.Support.ReqnrollNUnit;

namespace NetnsBdd.Tests.Bridge;

/// <summary>
/// Reads Reqnroll's NDJSON (message formatter) and says, per pickle, what its test steps' final statuses were, so
/// they can be held against NUnit's verdict for the same scenario. Pickles are matched to NUnit tests by position in
/// their feature's source, named the way the bridge names them.
/// </summary>
public sealed class ReqnrollMessages
{
    private readonly Dictionary<string, List<string>> _statusesByPickle = [];
    private readonly Dictionary<string, string> _testNameByPickle = [];

    private ReqnrollMessages()
    {
    }

    public int TestCaseCount => _statusesByPickle.Count;

    public static ReqnrollMessages Read(string path)
    {
        var report = new ReqnrollMessages();
        var sources = new Dictionary<string, FeatureFile>();
        var picklesByUri = new Dictionary<string, int>();
        var pickleByTestCase = new Dictionary<string, string>();
        var testCaseByStarted = new Dictionary<string, string>();
        var statuses = new Dictionary<string, Dictionary<string, string>>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using var envelope = JsonDocument.Parse(line);
            var root = envelope.RootElement;
            if (root.TryGetProperty("source", out var source))
            {
                var uri = source.GetProperty("uri").GetString()!;
                sources[uri] = FeatureFile.Parse(uri, source.GetProperty("data").GetString()!);
            }
            else if (root.TryGetProperty("pickle", out var pickle))
            {
                var uri = pickle.GetProperty("uri").GetString()!;
                var index = picklesByUri[uri] = picklesByUri.GetValueOrDefault(uri, -1) + 1;
                var feature = sources[uri];
                report._testNameByPickle[pickle.GetProperty("id").GetString()!] = $"{feature.FixtureName}.{feature.Scenarios[index].TestName}";
            }
            else if (root.TryGetProperty("testCase", out var testCase))
            {
                pickleByTestCase[testCase.GetProperty("id").GetString()!] = testCase.GetProperty("pickleId").GetString()!;
            }
            else if (root.TryGetProperty("testCaseStarted", out var started))
            {
                // A retried case starts again: the last attempt is the verdict.
                var id = started.GetProperty("id").GetString()!;
                var pickleId = pickleByTestCase[started.GetProperty("testCaseId").GetString()!];
                testCaseByStarted[id] = pickleId;
                statuses[pickleId] = [];
            }
            else if (root.TryGetProperty("testStepFinished", out var finished))
            {
                var pickleId = testCaseByStarted[finished.GetProperty("testCaseStartedId").GetString()!];
                statuses[pickleId][finished.GetProperty("testStepId").GetString()!] =
                    finished.GetProperty("testStepResult").GetProperty("status").GetString()!;
            }
        }

        foreach (var (pickleId, steps) in statuses)
        {
            report._statusesByPickle[pickleId] = [.. steps.Values];
        }

        return report;
    }

    /// <summary>
    /// Passed ⇔ every step (hooks included) PASSED; Failed ⇒ one FAILED, UNDEFINED, PENDING or AMBIGUOUS; not executed
    /// (ignored, skipped, inconclusive) ⇒ no test case, or none of those and one SKIPPED.
    /// </summary>
    /// <param name="verdicts">NUnit full test name → TRX outcome.</param>
    public IReadOnlyList<string> Disagreements(IReadOnlyDictionary<string, string> verdicts)
    {
        string[] failing = ["FAILED", "UNDEFINED", "PENDING", "AMBIGUOUS"];
        var problems = new List<string>();
        foreach (var (fullName, outcome) in verdicts)
        {
            var pickle = _testNameByPickle.Where(p => fullName.EndsWith("." + p.Value, StringComparison.Ordinal)).Select(p => p.Key).FirstOrDefault();
            if (pickle is null)
            {
                problems.Add($"{fullName}: no pickle in the messages");
                continue;
            }

            var steps = _statusesByPickle.GetValueOrDefault(pickle);
            var agrees = outcome switch
            {
                "Passed" => steps is { Count: > 0 } && steps.All(s => s == "PASSED"),
                "Failed" => steps is not null && steps.Any(failing.Contains),
                _ => steps is null || (!steps.Any(failing.Contains) && steps.Contains("SKIPPED")),
            };
            if (!agrees)
            {
                problems.Add($"{fullName}: NUnit {outcome}, steps {(steps is null ? "not run" : string.Join(" ", steps))}");
            }
        }

        foreach (var pickle in _statusesByPickle.Keys.Where(p => !verdicts.Keys.Any(v => v.EndsWith("." + _testNameByPickle[p], StringComparison.Ordinal))))
        {
            problems.Add($"{_testNameByPickle[pickle]}: ran in Reqnroll but has no NUnit result");
        }

        return problems;
    }
}
