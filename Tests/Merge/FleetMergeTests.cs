using System.Xml.Linq;
using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Support.Merge;
using NetnsBdd.Support.Reports;
using NetnsBdd.Tests.Reports;
using NUnit.Framework;

namespace NetnsBdd.Tests.Merge;

/// <summary>The merge over run folders written by the suite's own artifact writer, with downloads whose figures are known.</summary>
[TestFixture]
[Category("unit")]
public sealed class FleetMergeTests
{
    private static readonly DateTimeOffset StartAt = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    /// <summary>A client steady at <paramref name="mbps"/> from its first byte 10 ms after the release, progress every 100 ms.</summary>
    private static ClientDownloadResult Client(string ns, DateTimeOffset released, double mbps, double seconds, bool ok = true)
    {
        var bytesPerSecond = mbps * 1e6 / 8;
        var progress = Enumerable.Range(1, (int)Math.Round(seconds * 10))
            .Select(i => new TransferProgress(TimeSpan.FromSeconds(0.01 + i * 0.1), (long)(bytesPerSecond * i * 0.1))).ToArray();
        var bytes = progress[^1].Bytes;
        return new ClientDownloadResult
        {
            Namespace = ns, Success = ok, Duration = Math.Round(0.01 + seconds, 3), Interrupted = false, Stdout = "", Stderr = ok ? "" : "failed",
            Bytes = bytes, BytesExact = true, BytesResolution = 0, Mbps = bytes * 8 / (0.01 + seconds) / 1e6, ExitCode = ok ? 0 : 4,
            Outcome = ok ? DownloadOutcome.Ok : DownloadOutcome.NetworkFailure, Engine = "test", StartedAt = released, Gated = true,
            TimeToResponse = 0.01, Command = "test", Progress = progress,
        };
    }

    /// <summary>Writes one host's run folder as the suite would: results/&lt;time&gt;-&lt;host&gt;/001-.../results.json.</summary>
    private static string HostRun(string root, string host, double lateSeconds, double mbps, double seconds, string title = "Fleet: Two hosts share the router", string status = "OK", int clients = 2, params string[] moreTitles)
    {
        var released = StartAt.AddSeconds(lateSeconds);
        var results = Enumerable.Range(1, clients).Select(i => Client($"nbdd{host}c{i}", released, mbps, seconds)).ToArray();
        var run = new DownloadRun(new DownloadRequest(new Uri("http://198.51.100.1/16M.bin"), TimeSpan.FromSeconds(60)) { StartAt = StartAt }, results, DownloadAggregate.From(results));
        var folder = RunFolder.Create(Path.Combine(root, host), StartAt.AddMinutes(-2), host);
        foreach (var t in moreTitles.Prepend(title))
        {
            ScenarioArtifacts.Write(folder.CreateScenarioFolder(t), new ScenarioReport(t, status) { Host = host, Download = run, ErrorMessage = status == "OK" ? null : "boom" });
        }

        return folder.Path;
    }

    [Test]
    public void A_host_whose_run_stopped_early_is_merged_and_its_missing_scenarios_count_as_failed()
    {
        using var temp = new TempFolder();
        var a = HostRun(temp.Path, "pi-a", 0, 20, 2, moreTitles: "Fleet: Second");
        var b = HostRun(temp.Path, "pi-b", 0, 20, 2);

        var report = FleetMerge.Read([b, a]);

        report.Scenarios.Select(s => s.Title).Should().Equal("Fleet: Two hosts share the router", "Fleet: Second");
        report.FailedHosts.Should().Equal("pi-b");
        var second = report.Scenarios[1].Hosts.Single(h => h.Host == "pi-b");
        second.Status.Should().Be(FleetMerge.NotRun);
        second.Error.Should().Contain("ended before this scenario");
        report.Scenarios[1].Downloading.Select(h => h.Host).Should().Equal("pi-a");
        FleetMerge.Write(report, Path.Combine(temp.Path, "fleet"));
        XDocument.Load(Path.Combine(temp.Path, "fleet", "junit.xml")).Descendants("failure").Select(f => (string?)f.Attribute("message"))
            .Should().ContainSingle().Which.Should().StartWith("NotRun: the host's run ended before this scenario");
    }

    [Test]
    public void Two_hosts_merge_into_combined_goodput_over_their_common_window_fairness_over_all_clients_and_the_start_spread()
    {
        using var temp = new TempFolder();
        var a = HostRun(temp.Path, "pi-a", 0.000, 20, 4);
        var b = HostRun(temp.Path, "pi-b", 0.040, 30, 3);
        Path.GetFileName(a).Should().EndWith("-pi-a", "the host names its run folder");

        var report = FleetMerge.Read([a, b], ["pi-a", "pi-b"]);
        var files = FleetMerge.Write(report, Path.Combine(temp.Path, "fleet"));

        var s = report.Scenarios.Should().ContainSingle().Subject;
        s.HostStartSpreadSeconds.Should().BeApproximately(0.040, 0.0005);
        var window = s.CommonWindow!.Value;
        window.Start.Should().Be(StartAt.AddSeconds(0.050));
        (window.End - window.Start).TotalSeconds.Should().BeApproximately(3.0, 0.002, "host b's last byte ends the window");
        s.CombinedGoodputMbps.Should().BeApproximately(2 * 20 + 2 * 30, 0.5, "both hosts' clients ran at their steady rates throughout");
        s.HostMbpsInWindow(report.Scenarios[0].Hosts[1]).Should().BeApproximately(60, 0.5);
        var shares = s.Clients.Select(c => c.Mbps).ToArray();
        s.Fairness.Should().BeApproximately(DownloadAggregate.JainIndex(shares), 1e-9).And.BeApproximately(0.96, 0.01, "2 at 20 and 2 at 30 Mbit/s");
        s.WindowFairness.Should().BeApproximately(0.96, 0.01, "the steady rates hold inside the window too");
        report.MissingHosts.Should().BeEmpty();
        report.FailedHosts.Should().BeEmpty();
        files.Select(Path.GetFileName).Should().Contain(["fleet.json", "fleet.md", "junit.xml", "001-fleet-two-hosts-share-the-router-throughput.png", "001-fleet-two-hosts-share-the-router-hosts.png"]);
        files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).Should().AllSatisfy(f =>
        {
            using var image = Png.Decode(f);
            image.Should().NotBeNull();
            (image!.Width, image.Height).Should().Be((1100, 560));
        });
        File.ReadAllText(Path.Combine(temp.Path, "fleet", "fleet.md")).Should().Contain("start spread across hosts (first response bytes): 40 ms").And.Contain("| pi-b | OK | 2/2 |");
        var junit = XDocument.Load(Path.Combine(temp.Path, "fleet", "junit.xml"));
        junit.Descendants("testsuite").Select(t => (string?)t.Attribute("name")).Should().Equal("pi-a", "pi-b");
    }

    [Test]
    public void A_missing_host_and_a_failed_host_are_named_in_the_report_the_junit_and_the_exit_code()
    {
        using var temp = new TempFolder();
        var a = HostRun(temp.Path, "pi-a", 0, 20, 2);
        var b = HostRun(temp.Path, "pi-b", 0.01, 20, 2, status: "TestError");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = MergeCommand.Run([a, b, "--out", Path.Combine(temp.Path, "fleet"), "--hosts", "pi-a,pi-b,pi-c"], output, error);

        exit.Should().Be(1, "a host failed and one is missing");
        output.ToString().Should().Contain("missing hosts: pi-c").And.Contain("failed hosts: pi-b");
        var md = File.ReadAllText(Path.Combine(temp.Path, "fleet", "fleet.md"));
        md.Should().Contain("**Missing hosts** (no run folder): pi-c.").And.Contain("**Failed hosts** (a scenario did not pass): pi-b.");
        var junit = XDocument.Load(Path.Combine(temp.Path, "fleet", "junit.xml"));
        junit.Root!.Attribute("failures")!.Value.Should().Be("2");
        junit.Descendants("failure").Select(f => (string?)f.Attribute("message")).Should().Contain(m => m!.Contains("TestError: boom")).And.Contain(m => m!.Contains("host pi-c is missing"));
    }

    [Test]
    public void Each_hosts_own_junit_file_joins_the_merged_one_under_the_hosts_name()
    {
        using var temp = new TempFolder();
        var a = HostRun(temp.Path, "pi-a", 0, 20, 2);
        var b = HostRun(temp.Path, "pi-b", 0, 20, 2);
        // What the CI example copies beside each run: the JUnit file `dotnet test` wrote, its suite named after the assembly.
        const string own = """<testsuites><testsuite name="NetnsBdd.dll" tests="1" failures="0"><testcase classname="NetnsBdd.Features.Fleet" name="TwoHosts" /></testsuite></testsuites>""";
        File.WriteAllText(Path.Combine(a, "junit.xml"), own);
        File.WriteAllText(Path.Combine(b, "junit.xml"), own);

        FleetMerge.Write(FleetMerge.Read([a, b]), Path.Combine(temp.Path, "fleet"));

        var junit = XDocument.Load(Path.Combine(temp.Path, "fleet", "junit.xml"));
        junit.Descendants("testsuite").Select(t => (string?)t.Attribute("name")).Should().Equal("pi-a", "pi-a: NetnsBdd.dll", "pi-b", "pi-b: NetnsBdd.dll");
        junit.Descendants("testcase").Select(t => (string?)t.Attribute("classname")).Should().Contain(["pi-a.NetnsBdd.Features.Fleet", "pi-b.NetnsBdd.Features.Fleet"]);
    }

    [Test]
    public void A_folder_that_is_not_a_run_is_refused_naming_it()
    {
        using var temp = new TempFolder();
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "downloads")).FullName;
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "x");

        var act = () => FleetMerge.Read([empty]);

        act.Should().Throw<FleetMergeException>().WithMessage($"'{empty}' is not a run folder: it holds no scenario folder with results.json.*");
    }

    [Test]
    public void A_results_root_is_refused_naming_the_run_folders_inside()
    {
        using var temp = new TempFolder();
        HostRun(temp.Path, "pi-a", 0, 20, 2);
        var root = Path.Combine(temp.Path, "pi-a");

        var act = () => FleetMerge.Read([root]);

        act.Should().Throw<FleetMergeException>().WithMessage("*is not a run folder*It holds run folders (*-pi-a*): give those instead.");
    }

    [Test]
    public void A_folder_that_does_not_exist_is_refused_naming_it()
    {
        var act = () => FleetMerge.Read(["/nonexistent/nbdd-run"]);

        act.Should().Throw<FleetMergeException>().WithMessage("Run folder '/nonexistent/nbdd-run' does not exist*");
    }

    [Test]
    public void A_results_json_that_is_not_the_suites_is_refused_naming_it()
    {
        using var temp = new TempFolder();
        var scenario = Directory.CreateDirectory(Path.Combine(temp.Path, "run", "001-x")).FullName;
        foreach (var text in new[] { "{ not json", """{"scenario": "S", "clients": {"c1": {"success": "yes"}}}""" })
        {
            File.WriteAllText(Path.Combine(scenario, "results.json"), text);

            var act = () => FleetMerge.Read([Path.Combine(temp.Path, "run")]);

            act.Should().Throw<FleetMergeException>().WithMessage($"'{Path.Combine(scenario, "results.json")}' is not a results file the suite wrote*");
        }
    }

    [Test]
    public void Run_folders_of_different_scenarios_are_refused_naming_both()
    {
        using var temp = new TempFolder();
        var a = HostRun(temp.Path, "pi-a", 0, 20, 2);
        var b = HostRun(temp.Path, "pi-b", 0, 20, 2, title: "Fleet: Something else");

        var act = () => FleetMerge.Read([a, b]);

        act.Should().Throw<FleetMergeException>().WithMessage(
            $"The run folders hold different scenarios: '{a}' (host pi-a) ran [\"Fleet: Two hosts share the router\"], '{b}' (host pi-b) ran [\"Fleet: Something else\"]. Merge the runs of one feature*");
    }

    [Test]
    public void Two_runs_of_one_host_are_refused()
    {
        using var temp = new TempFolder();
        var a = HostRun(temp.Path, "pi-a", 0, 20, 2);
        var again = HostRun(Path.Combine(temp.Path, "again"), "pi-a", 0, 20, 2);

        var act = () => FleetMerge.Read([a, again]);

        act.Should().Throw<FleetMergeException>().WithMessage("Host 'pi-a' has more than one run folder*Fleet:Host*");
    }

    [Test]
    public void Fleet_json_keeps_its_field_names_and_values()
    {
        using var temp = new TempFolder();
        var a = HostRun(temp.Path, "pi-a", 0, 20, 2);
        var b = HostRun(temp.Path, "pi-b", 0.02, 30, 2, status: "Failed");

        FleetMerge.Write(FleetMerge.Read([a, b], ["pi-a", "pi-b", "pi-c"]), Path.Combine(temp.Path, "fleet"));

        // The run folders' paths are the only part that differs from run to run.
        var written = File.ReadAllText(Path.Combine(temp.Path, "fleet", FleetMerge.ReportJson)).Replace(temp.Path, "<root>", StringComparison.Ordinal);
        var golden = Path.Combine(SourceTree.Root, "Tests", "Fixtures", "Results", "fleet.json");
        if (Environment.GetEnvironmentVariable("NBDD_WRITE_RESULTS_GOLDEN") == "1")
        {
            File.WriteAllText(golden, written);
            Assert.Inconclusive($"{golden} rewritten; review its diff and commit it.");
        }

        written.Should().Be(File.ReadAllText(golden), $"fleet.json keeps its field names, order and values ({golden}); rerun with NBDD_WRITE_RESULTS_GOLDEN=1 to change it on purpose");
    }

    [Test]
    public void The_command_says_how_to_use_it_and_exits_2_on_bad_input()
    {
        var error = new StringWriter();
        MergeCommand.Run(["somewhere"], TextWriter.Null, error).Should().Be(2);
        error.ToString().Should().Contain("merge: ").And.Contain("'--out'").And.Contain(MergeCommand.Usage);
        error.GetStringBuilder().Clear();
        MergeCommand.Run(["--out", "/tmp/nbdd-never"], TextWriter.Null, error).Should().Be(2);
        error.ToString().Should().Contain("RUN_FOLDER").And.Contain(MergeCommand.Usage);
        error.GetStringBuilder().Clear();
        MergeCommand.Run(["somewhere", "--out", "/tmp/nbdd-never", "--colour"], TextWriter.Null, error).Should().Be(2);
        error.ToString().Should().Contain("--colour").And.Contain(MergeCommand.Usage);
        error.GetStringBuilder().Clear();
        MergeCommand.Run(["/nonexistent/x", "--out", "/tmp/nbdd-never"], TextWriter.Null, error).Should().Be(2);
        error.ToString().Should().StartWith("merge: Run folder '/nonexistent/x' does not exist");
        Directory.Exists("/tmp/nbdd-never").Should().BeFalse("nothing is written for input that cannot be merged");
        var help = new StringWriter();
        MergeCommand.Run(["--help"], help, error).Should().Be(0);
        help.ToString().Should().Contain("--out").And.Contain("--hosts").And.Contain("RUN_FOLDER");
    }
}
