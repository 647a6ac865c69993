using System.Reflection;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace NetnsBdd.Tests.Emulation;

/// <summary>
/// `NetnsBdd unit-tests [CATEGORY]`: runs the assembly's tests of a category (default "unit") in this process through
/// NUnit's own runner (NUnit.Framework.Api, part of the NUnit package: no console runner or test host needed), so a
/// self-contained publish can run them where `dotnet test` cannot, e.g. the linux-arm64 build under qemu. Prints each
/// failure and skip with its reason and one summary line; exit code 0 only when nothing failed.
/// </summary>
internal static class InProcessUnitTests
{
    public const string Verb = "unit-tests";

    public static int Run(string[] args, TextWriter output)
    {
        if (args.Length > 2 || args.Any(a => a.Length == 0 || !a.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
        {
            Console.Error.WriteLine($"usage: {Verb} [CATEGORY [CLASS]]   (default: every test of category unit; CLASS: a fixture's name)");
            return 2;
        }

        var category = args is [var c, ..] ? c : "unit";
        var fixture = args is [_, var f] ? $"<class re=\"1\">(^|\\.){f}$</class>" : "";
        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        runner.Load(Assembly.GetExecutingAssembly(), new Dictionary<string, object>
        {
            // Serially, as `dotnet test` runs them here (NetnsBdd.runsettings).
            ["NumberOfTestWorkers"] = 0,
            // Beside the assembly, as under `dotnet test`: tests that keep samples (HtmlRunReportSamples, ...) write them
            // to TestContext.WorkDirectory, which would otherwise be the caller's folder, e.g. a git checkout.
            ["WorkDirectory"] = AppContext.BaseDirectory,
        });
        var filter = TestFilter.FromXml($"<filter><and><cat>{category}</cat>{fixture}</and></filter>");
        var result = runner.Run(TestListener.NULL, filter);

        var leaves = Leaves(result).ToArray();
        foreach (var leaf in leaves.Where(l => l.ResultState.Status is TestStatus.Failed))
        {
            output.WriteLine($"FAILED {leaf.FullName}: {leaf.Message?.Trim()}");
            if (!string.IsNullOrWhiteSpace(leaf.StackTrace))
            {
                output.WriteLine("  " + leaf.StackTrace.Trim().Replace("\n", "\n  ", StringComparison.Ordinal));
            }
        }

        foreach (var leaf in leaves.Where(l => l.ResultState.Status is TestStatus.Skipped or TestStatus.Inconclusive))
        {
            output.WriteLine($"{leaf.ResultState.Status.ToString().ToUpperInvariant()} {leaf.FullName}: {leaf.Message?.Trim()}");
        }

        output.WriteLine("slowest: " + string.Join(", ", leaves.OrderByDescending(l => l.Duration).Take(5)
            .Select(l => $"{l.Test.Name} {l.Duration:0.0} s")));
        int Count(TestStatus status) => leaves.Count(l => l.ResultState.Status == status);
        var failed = Count(TestStatus.Failed);
        output.WriteLine(
            $"unit tests ({category}, in-process): {Count(TestStatus.Passed)} passed, {failed} failed, " +
            $"{Count(TestStatus.Skipped)} skipped, {Count(TestStatus.Inconclusive)} inconclusive, " +
            $"{Count(TestStatus.Warning)} warnings, of {leaves.Length}; {result.Duration:0.0} s");
        return failed == 0 && leaves.Length > 0 ? 0 : 1;
    }

    private static IEnumerable<ITestResult> Leaves(ITestResult result) =>
        result.HasChildren ? result.Children.SelectMany(Leaves) : result.Test.IsSuite ? [] : [result];
}
