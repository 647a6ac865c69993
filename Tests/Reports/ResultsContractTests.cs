using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Soak;
using NetnsBdd.Support.Reports;
using NetnsBdd.Support.Results;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

/// <summary>
/// results.json is a contract: fleet merges, CI jobs and people's scripts read its field names. A scenario with every
/// section (host, error, shaping, latency, lab, soak, a scheduled download of four clients, its throughput series)
/// and one that never got anywhere are written and compared with the files under Tests/Fixtures/Results, which were
/// written by the suite before results.json came from typed records. A change to the contract shows here as a diff;
/// rewrite the files on purpose with NBDD_WRITE_RESULTS_GOLDEN=1.
/// </summary>
[TestFixture]
[Category(TestTier.Unit)]
public sealed class ResultsContractTests
{
    private const string WriteVariable = "NBDD_WRITE_RESULTS_GOLDEN";

    [Test]
    public void A_scenario_with_every_section_writes_the_golden_results_json() =>
        Compare("every-section.json", EverySection());

    [Test]
    public void A_load_both_ways_writes_the_download_part_the_upload_section_and_the_upload_latency() =>
        Compare("load-both-ways.json", BothWays());

    [Test]
    public void Uploads_without_progress_samples_get_no_throughput_series_nor_over_time_chart()
    {
        // wget prints no progress for an upload: a series spread from each client's mean would sum above the link.
        var report = BothWays();
        var upload = report.Upload!;
        report = report with { Upload = upload with { Results = [.. upload.Results.Select(r => r with { Progress = [] })] } };
        using var temp = new TempFolder();

        ScenarioArtifacts.Write(temp.Path, report);

        var section = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, ScenarioArtifacts.ResultsJson)))!["upload"]!.AsObject();
        section.ContainsKey("throughputOverTime").Should().BeFalse();
        section.ContainsKey("clientThroughputOverTime").Should().BeFalse();
        section["clients"]!.AsObject().Count.Should().Be(upload.Results.Count);
        File.Exists(Path.Combine(temp.Path, "upload-throughput-over-time.png")).Should().BeFalse();
        File.Exists(Path.Combine(temp.Path, "upload-throughput-per-client.png")).Should().BeTrue();
    }

    [Test]
    public void A_scenario_that_never_started_writes_only_its_title_and_status() =>
        Compare("nothing-ran.json", new ScenarioReport("Nothing ran", "Failed"));

    [Test]
    public void Every_client_keeps_the_seed_per_namespace_shape()
    {
        var golden = JsonNode.Parse(File.ReadAllText(GoldenPath("every-section.json")))!.AsObject();

        foreach (var (ns, node) in golden["clients"]!.AsObject())
        {
            var client = node!.AsObject();
            client["success"]!.GetValueKind().Should().BeOneOf([JsonValueKind.True, JsonValueKind.False], ns);
            client["duration"]!.GetValueKind().Should().Be(JsonValueKind.Number, ns);
            client["interrupted"]!.GetValueKind().Should().BeOneOf([JsonValueKind.True, JsonValueKind.False], ns);
            client["stdout"]!.GetValueKind().Should().Be(JsonValueKind.String, ns);
            client["stderr"]!.GetValueKind().Should().Be(JsonValueKind.String, ns);
        }
    }

    [Test]
    public void Reading_a_golden_file_through_the_records_and_writing_it_again_gives_the_same_text(
        [Values("every-section.json", "nothing-ran.json", "load-both-ways.json")] string name)
    {
        var text = File.ReadAllText(GoldenPath(name));

        var read = JsonSerializer.Deserialize(text, ResultsJsonContext.Default.ScenarioResultsJson)!;

        ScenarioArtifacts.Serialize(read).Should().Be(text, "the merge reads results.json through the records that wrote it, so nothing is lost on the way");
    }

    [Test]
    public void The_merge_reads_a_hosts_scenario_from_the_golden_file()
    {
        var scenario = NetnsBdd.Support.Merge.HostScenario.Read(GoldenPath("every-section.json"), "folder-name");

        (scenario.Host, scenario.Title, scenario.Status).Should().Be(("pi-1", "Every section", "Failed"));
        scenario.Clients.Select(c => (c.Namespace, c.Bytes)).Should().Equal(
            ("nbdd-c1", 5_000_000L), ("nbdd-c2", 5_000_000L), ("nbdd-c3", 3_000_000L), ("nbdd-c4", 0L));
        scenario.StartAtIntended.Should().Be(ReportData.T0.AddSeconds(-0.002));
        scenario.StartErrorSeconds.Should().Be(0.002);
        scenario.Fairness.Should().Be(0.6373);
        scenario.Throughput.Should().NotBeEmpty().And.HaveCount(scenario.Clients[0].Throughput.Count);
    }

    private static void Compare(string name, ScenarioReport report)
    {
        using var temp = new TempFolder();
        ScenarioArtifacts.Write(temp.Path, report);
        var written = File.ReadAllText(Path.Combine(temp.Path, ScenarioArtifacts.ResultsJson));
        var path = GoldenPath(name);
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            File.WriteAllText(path, written);
            Assert.Inconclusive($"{path} rewritten; review its diff and commit it.");
        }

        written.Should().Be(File.ReadAllText(path),
            $"results.json keeps its field names, order and values ({path}); if the change is on purpose, rerun with {WriteVariable}=1 and commit the diff");
    }

    private static ScenarioReport EverySection()
    {
        var t0 = ReportData.T0;
        var download = ReportData.FourClients();
        download = download with
        {
            Request = new DownloadRequest(download.Request.Url, download.Request.Timeout) { StartAt = t0.AddSeconds(-0.002) },
        };

        var samples = new List<ProbeSample>();
        for (var i = 0; i < 12; i++)
        {
            var at = 0.5 * i;
            samples.Add(new(ProbeKind.SelfIcmpGateway, "nbdd-c1", "198.18.0.1", at, at is >= 2 and < 5 ? 40 + i : 0.2));
            samples.Add(new(ProbeKind.ForeignTcpConnect, "nbdd-c5", "198.19.0.2:80", at, i == 7 ? null : 0.4 + i * 0.01));
        }

        var latency = new LatencyMeasurement(samples, new(0, 2), new(2, 5.5), new(2, 5), loadedIsWholeLoad: false);

        var soak = new SoakRun(new SoakSchedule(3, null, TimeSpan.FromSeconds(10)), t0, "/tmp/nbdd-golden/rounds.ndjson");
        for (var n = 1; n <= 3; n++)
        {
            var failed = n == 2;
            soak.Add(new SoakRound(n, n * 10 - 0.2, n * 10, n * 10 + 4, t0.AddSeconds(n * 10), t0.AddSeconds(n * 10 + 4), 4,
                failed ? 3 : 4, 0, failed ? 1 : 0,
                new Dictionary<string, int> { [nameof(DownloadOutcome.Ok)] = failed ? 3 : 4, [nameof(DownloadOutcome.NetworkFailure)] = failed ? 1 : 0 },
                16_000_000, 31.5 + n, 35.25 - n, failed ? 0.74 : 0.99,
                failed ? [new RoundFailure("nbdd-c3", nameof(DownloadOutcome.NetworkFailure), false, null, 1_200_000, 3.5, "Connection reset by peer")] : []));
        }

        soak.Add(new FaultEvent(LabFault.Create(LabFaultKind.LanLinkDown, 18, 3), 18.004, 21.01, null));
        soak.Add(new RenewalResult("nbdd-c1", 25.5, true, "198.18.0.10", 120, 31.4, "renewed"));
        soak.FaultsNotReached = [LabFault.Create(LabFaultKind.ServerDown, 60, 5)];
        soak.LeasedClients = 4;
        soak.Watch = new RouterWatchResult("nbdd-w", "198.18.0.1", "198.19.0.2", TimeSpan.FromSeconds(0.5),
            [new("gateway", 17.5, 0.3), new("gateway", 18.5, null), new("gateway", 19.5, null), new("gateway", 21.5, 0.35)],
            [new Outage(18, 21, t0.AddSeconds(18), ["gateway"], 2, false)], null) { ReadySeconds = 0.12 };
        soak.EndSeconds = 34.5;

        return new ScenarioReport("Every section", "Failed")
        {
            Host = "pi-1",
            ErrorMessage = "Expected every client to complete, but nbdd-c3 timed out",
            ShapedRateMbps = 40,
            Download = download,
            Latency = latency,
            Lab = GoldenLab(),
            Soak = soak,
        };
    }

    /// <summary>Four clients each downloading and uploading; the probes crossing the upstream queue rise under the load.</summary>
    private static ScenarioReport BothWays()
    {
        var download = ReportData.FourClients();
        var request = new DownloadRequest(download.Request.Url, download.Request.Timeout) { Load = LoadDirection.Both, UploadUrl = new Uri("http://198.19.0.2/upload/5000000") };
        download = download with { Request = request with { Load = LoadDirection.Download } };
        var upload = ReportData.FourClients();
        upload = new DownloadRun(
            request with { Load = LoadDirection.Upload },
            [.. upload.Results.Select(r => r with { Direction = TransferDirection.Upload, BytesAcked = r.Bytes, Command = "native POST http://198.19.0.2/upload/5000000 in " + r.Namespace })],
            upload.Aggregate);
        var samples = new List<ProbeSample>();
        for (var i = 0; i < 12; i++)
        {
            var at = 0.5 * i;
            samples.Add(new(ProbeKind.SelfIcmpGateway, "nbdd-c1", "198.18.0.1", at, at is >= 2 and < 5 ? 5 + i : 0.2));
            samples.Add(new(ProbeKind.SelfIcmpServer, "nbdd-c1", "198.19.0.2", at, at is >= 2 and < 5 ? 300 + i : 0.3));
        }

        return new ScenarioReport("Both ways", "Passed")
        {
            ShapedRateMbps = 100,
            UpstreamShapedRateMbps = 20,
            UpstreamAckPriority = true,
            Download = download,
            Upload = upload,
            Latency = new LatencyMeasurement(samples, new(0, 2), new(2, 5.5), new(2, 5), loadedIsWholeLoad: false, LoadDirection.Both),
        };
    }

    private static LabJson GoldenLab() => new UplinkLabJson("eth1", "Macvlan", null, "HTTP/1.1 200 OK, Content-Length: 5000000",
    [
        new LabClientJson("nbdd-c1", "192.168.1.101/24", "192.168.1.1", "192.168.1.1", 43200, 1.234),
        new LabClientJson("nbdd-c2", "192.168.1.102/24", "192.168.1.1", null, null, null)
        {
            Ipv6Address = "fd3c:9a1e:77b2:1:8430:b0ff:fee3:320f/64", Ipv6Source = "slaac", Ipv6TookSeconds = 2.069, Ipv6Gateway = "fe80::187f:40ff:fe73:d23e%2",
        },
    ]);

    // The source tree's copy, so a rewrite lands where git sees it; the build's copy when run from a publish (arm64 stage).
    private static string GoldenPath(string name) =>
        Path.Combine(SourceTree.TryRoot() ?? AppContext.BaseDirectory, "Tests", "Fixtures", "Results", name);
}
