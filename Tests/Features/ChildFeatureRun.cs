using NetnsBdd.Drivers.Lab;
using System.Collections.Immutable;
using System.Xml.Linq;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.Features;

/// <summary>One scenario's NUnit verdict in a child run, as the TRX file records it.</summary>
public sealed record ChildScenario(string FullName, string Outcome, string Message, string Output);

/// <summary>
/// Runs feature texts for real in a child `dotnet test` of this very assembly (Reqnroll's runtime through the
/// bridge, with every binding of the assembly), and reads back what a user would see: the console, each test's NUnit
/// outcome from the TRX, and the run folder with Reqnroll's NDJSON and HTML reports. Deletes everything on dispose.
/// </summary>
public sealed class ChildFeatureRun : IDisposable
{
    private ChildFeatureRun(string root) => Root = root;

    public string Root { get; }

    public string Console { get; private set; } = "";

    public IReadOnlyList<ChildScenario> Scenarios { get; private set; } = [];

    /// <summary>The run's results folder (the <c>latest</c> link resolved).</summary>
    public string RunFolder => Directory.ResolveLinkTarget(Path.Combine(Root, "results", "latest"), returnFinalTarget: true)?.FullName
                               ?? throw new InvalidOperationException($"The child run made no results folder; its console:\n{Console}");

    public string MessagesPath => Path.Combine(RunFolder, "reqnroll_report.ndjson");

    public string HtmlPath => Path.Combine(RunFolder, "reqnroll_report.html");

    public ChildScenario Single(string testName) =>
        Scenarios.SingleOrDefault(s => s.FullName.EndsWith("." + testName, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No test {testName} among {string.Join(", ", Scenarios.Select(s => s.FullName))}; console:\n{Console}");

    /// <param name="features">Relative path → feature text.</param>
    /// <param name="environment">More variables for the child (e.g. where bindings log).</param>
    public static async Task<ChildFeatureRun> RunAsync(
        IReadOnlyDictionary<string, string> features, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        Emulation.Qemu.SkipIfEmulated(
            "a child `dotnet test` needs the .NET SDK, and the emulated stage runs a self-contained arm64 publish without one");
        var run = new ChildFeatureRun(Directory.CreateDirectory(Path.Combine(RunScratch.ForProcess.Path, $"child-features-{Guid.NewGuid():N}")).FullName);
        var folder = Path.Combine(run.Root, "features");
        foreach (var (path, text) in features)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, path))!);
            await File.WriteAllTextAsync(Path.Combine(folder, path), text, cancellationToken);
        }

        var assembly = typeof(ChildFeatureRun).Assembly.Location;
        var command = new Command("dotnet", "test", assembly, "--filter", "FullyQualifiedName~NetnsBdd.Tests.Features.",
            "--logger", "trx;LogFileName=child.trx", "--logger", "console;verbosity=detailed", "--results-directory", Path.Combine(run.Root, "trx"))
        {
            Environment = ImmutableDictionary<string, string>.Empty
                .Add(TestFeatures.FolderVariable, folder)
                .Add("NBDD_Reports__OutputDirectory", Path.Combine(run.Root, "results"))
                .Add("DOTNET_CLI_TELEMETRY_OPTOUT", "1").Add("DOTNET_NOLOGO", "1")
                .AddRange(environment ?? ImmutableDictionary<string, string>.Empty),
            Timeout = TimeSpan.FromMinutes(5),
            MaxOutputChars = 1024 * 1024,
        };
        var result = await new CommandRunner().RunAsync(command, cancellationToken);
        run.Console = result.StandardOutput + result.StandardError;
        var trx = Path.Combine(run.Root, "trx", "child.trx");
        if (!File.Exists(trx))
        {
            throw new InvalidOperationException($"The child run wrote no TRX (exit {result.ExitCode}):\n{run.Console}");
        }

        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var document = XDocument.Load(trx);
        var names = document.Descendants(ns + "UnitTest").ToDictionary(
            t => t.Attribute("id")!.Value,
            t => $"{t.Element(ns + "TestMethod")!.Attribute("className")!.Value}.{t.Attribute("name")!.Value}");
        run.Scenarios = document.Descendants(ns + "UnitTestResult").Select(r => new ChildScenario(
            names[r.Attribute("testId")!.Value],
            r.Attribute("outcome")!.Value,
            r.Descendants(ns + "Message").FirstOrDefault()?.Value ?? "",
            r.Descendants(ns + "StdOut").FirstOrDefault()?.Value ?? "")).ToList();
        return run;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
