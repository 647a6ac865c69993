using System.CommandLine;
using System.CommandLine.Help;

namespace NetnsBdd.Support.Merge;

/// <summary>
/// `dotnet NetnsBdd.dll merge RUN_FOLDER... --out FOLDER [--hosts a,b,c]`: several hosts' run folders into one fleet
/// report (fleet.md, fleet.json, charts, junit.xml). --hosts names every host that should have run, so a host whose
/// job never uploaded its folder is reported missing. Exit 0 when every host passed and none is missing, 1 when the
/// report says otherwise, 2 on input it cannot merge. Parsed by System.CommandLine (--help included).
/// </summary>
public static class MergeCommand
{
    public const string Verb = "merge";

    public const string Usage = "usage: merge RUN_FOLDER... --out FOLDER [--hosts HOST,HOST,...]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var folders = new Argument<string[]>("RUN_FOLDER")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Each host's run folder as `dotnet test` wrote it: results/<UTC time>-<host>/ (or the artifact a CI job uploaded).",
        };
        var outFolder = new Option<string>("--out") { Required = true, Description = "Where the fleet report goes (created if missing)." };
        var hosts = new Option<string>("--hosts") { Description = "Every host that should have run, comma-separated: one without a run folder is reported missing." };
        // Folders take any token, so an option this command does not have would be taken for one.
        folders.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"Unknown option '{token.Value}'.");
            }
        });
        var command = new Command(Verb, "Merges several hosts' run folders into one fleet report.") { folders, outFolder, hosts, new HelpOption() };
        command.SetAction(parsed => Merge(
            parsed.GetValue(folders)!,
            parsed.GetValue(outFolder)!,
            parsed.GetValue(hosts)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            output,
            error));

        // A folder named @something is a folder, not a response file.
        var parsed = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine($"merge: {problem.Message}");
            }

            error.WriteLine(Usage);
            return 2;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static int Merge(string[] folders, string outFolder, string[]? hosts, TextWriter output, TextWriter error)
    {
        try
        {
            var report = FleetMerge.Read(folders, hosts);
            var files = FleetMerge.Write(report, outFolder);
            foreach (var scenario in report.Scenarios)
            {
                output.WriteLine(FormattableString.Invariant(
                    $"{scenario.Title}: {scenario.Hosts.Count} hosts, {scenario.Clients.Count} clients, combined {scenario.CombinedGoodputMbps:0.###} Mbit/s while all downloaded, fairness {scenario.Fairness:0.####}, start spread {scenario.HostStartSpreadSeconds * 1000:0.#} ms"));
            }

            if (report.MissingHosts.Count > 0)
            {
                output.WriteLine($"missing hosts: {string.Join(", ", report.MissingHosts)}");
            }

            if (report.FailedHosts.Count > 0)
            {
                output.WriteLine($"failed hosts: {string.Join(", ", report.FailedHosts)}");
            }

            output.WriteLine($"fleet report: {Path.GetFullPath(Path.Combine(outFolder, FleetMerge.ReportMarkdown))} ({files.Count} files)");
            return report.MissingHosts.Count == 0 && report.FailedHosts.Count == 0 ? 0 : 1;
        }
        catch (FleetMergeException e)
        {
            error.WriteLine($"merge: {e.Message}");
            return 2;
        }
    }
}
