using System.Text.Json;
using FluentAssertions;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Support.Reports;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

[TestFixture]
[Category("unit")]
public sealed class ScenarioArtifactsTests
{
    [Test]
    public void Writes_results_health_data_and_three_charts_for_a_full_scenario()
    {
        using var temp = new TempFolder();
        var report = new ScenarioReport("Four clients share 40 Mbit/s", "Failed")
        {
            ErrorMessage = "Expected fairness >= 0.9, but found 0.61.",
            Download = ReportData.FourClients(),
            Health = ReportData.Health(6, withTemperature: true),
            ShapedRateMbps = 40,
        };

        var files = ScenarioArtifacts.Write(temp.Path, report);

        files.Select(Path.GetFileName).Should().BeEquivalentTo(
        [
            ScenarioArtifacts.ResultsJson, ScenarioArtifacts.ThroughputPng, ScenarioArtifacts.AggregatePng,
            ScenarioArtifacts.HealthCsv, ScenarioArtifacts.HealthJson, ScenarioArtifacts.HealthPng,
        ]);
        files.Should().OnlyContain(f => File.Exists(f) && new FileInfo(f).Length > 0 && Path.GetDirectoryName(f) == temp.Path);
    }

    [Test]
    public void Results_json_has_the_scenario_every_client_and_the_aggregate()
    {
        using var temp = new TempFolder();
        var run = ReportData.FourClients();
        var report = new ScenarioReport("Four clients", "Failed") { ErrorMessage = "boom", Download = run, ShapedRateMbps = 40 };

        ScenarioArtifacts.Write(temp.Path, report);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, ScenarioArtifacts.ResultsJson)));
        var root = json.RootElement;
        root.GetProperty("scenario").GetString().Should().Be("Four clients");
        root.GetProperty("status").GetString().Should().Be("Failed");
        root.GetProperty("error").GetString().Should().Be("boom");
        root.GetProperty("shapedRateMbps").GetDouble().Should().Be(40);
        root.GetProperty("clients").EnumerateObject().Select(c => c.Name).Should().Equal("nbdd-c1", "nbdd-c2", "nbdd-c3", "nbdd-c4");
        root.GetProperty("clients").GetProperty("nbdd-c3").GetProperty("interrupted").GetBoolean().Should().BeTrue();
        root.GetProperty("clients").GetProperty("nbdd-c4").GetProperty("outcome").GetString().Should().Be("ConnectionRefused");
        root.GetProperty("aggregate").GetProperty("totalBytes").GetInt64().Should().Be(13_000_000);
        root.GetProperty("aggregate").GetProperty("aggregateMbps").GetDouble().Should().Be(run.Aggregate.AggregateMbps);
        root.GetProperty("throughputOverTime").GetArrayLength().Should().Be(81, "8.1 s of transfers in 0.1 s buckets");
        root.GetProperty("throughputBucketSeconds").GetDouble().Should().Be(0.1);
        root.GetProperty("clientThroughputOverTime").EnumerateObject().Select(c => c.Name).Should().Equal("nbdd-c1", "nbdd-c2", "nbdd-c3", "nbdd-c4");
        root.GetProperty("clientThroughputOverTime").EnumerateObject().Should().OnlyContain(c => c.Value.GetArrayLength() == 81);
        root.TryGetProperty("reportProblems", out _).Should().BeFalse();
    }

    [Test]
    public void Latency_figures_go_into_results_json_and_two_latency_charts_are_drawn()
    {
        using var temp = new TempFolder();
        var samples = new List<NetnsBdd.Drivers.Latency.ProbeSample>();
        for (var i = 0; i < 40; i++)
        {
            var at = 0.1 * i;
            var loaded = at is >= 1 and < 3;
            samples.Add(new(NetnsBdd.Drivers.Latency.ProbeKind.SelfIcmpServer, "nbdd-c1", "198.19.0.2", at, loaded ? 80 + i : 0.1));
            samples.Add(new(NetnsBdd.Drivers.Latency.ProbeKind.ForeignTcpConnect, "nbdd-c5", "198.19.0.2:80", at, i == 20 ? null : 0.3));
        }

        var latency = new NetnsBdd.Drivers.Latency.LatencyMeasurement(
            samples, new(0, 1), new(1, 3.2), new(1, 3), loadedIsWholeLoad: false);
        var report = new ScenarioReport("Latency", "Passed") { Download = ReportData.FourClients(), Latency = latency };

        var files = ScenarioArtifacts.Write(temp.Path, report);

        files.Select(Path.GetFileName).Should().Contain([ScenarioArtifacts.LatencyPng, ScenarioArtifacts.LatencyCdfPng]);
        foreach (var chart in files.Where(f => f.Contains("latency", StringComparison.Ordinal)))
        {
            using var bitmap = Png.Decode(chart);
            (bitmap!.Width, bitmap.Height).Should().Be((ChartSize.Width, ChartSize.Height), chart);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, ScenarioArtifacts.ResultsJson)));
        var l = json.RootElement.GetProperty("latency");
        l.GetProperty("self").GetProperty("idle").GetProperty("medianMs").GetDouble().Should().Be(0.1);
        l.GetProperty("self").GetProperty("loaded").GetProperty("medianMs").GetDouble().Should().Be(99.5, "probes 10..29 are loaded: 90..109 ms");
        l.GetProperty("addedMs").GetDouble().Should().Be(99.4);
        l.GetProperty("bufferbloatGrade").GetString().Should().Be("C");
        l.GetProperty("kinds").GetProperty("foreignTcpConnect").GetProperty("loaded").GetProperty("lost").GetInt32().Should().Be(1);
        l.GetProperty("probes").GetArrayLength().Should().Be(80);
        json.RootElement.TryGetProperty("reportProblems", out _).Should().BeFalse();
    }

    [Test]
    public void Health_csv_has_a_header_and_one_row_per_sample()
    {
        using var temp = new TempFolder();
        var health = ReportData.Health(5, withTemperature: true);

        ScenarioArtifacts.Write(temp.Path, new ScenarioReport("Health only", "Passed") { Health = health });

        var lines = File.ReadAllLines(Path.Combine(temp.Path, ScenarioArtifacts.HealthCsv));
        lines.Should().HaveCount(1 + 5);
        lines[0].Should().StartWith("timestamp_utc,elapsed_s,kind,cpu_percent,cpu_suite_percent,cpu_rest_percent,");
        lines[0].Should().Contain("temp_cpu-thermal_c");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, ScenarioArtifacts.HealthJson)));
        json.RootElement.GetProperty("samples").GetArrayLength().Should().Be(5);
    }

    [Test]
    public void Charts_are_valid_pngs_of_the_chart_size()
    {
        using var temp = new TempFolder();
        var report = new ScenarioReport("Charts", "Passed")
        {
            Download = ReportData.FourClients(),
            Health = ReportData.Health(4, withTemperature: false),
        };

        var charts = ScenarioArtifacts.Write(temp.Path, report).Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToArray();

        charts.Should().HaveCount(3);
        foreach (var chart in charts)
        {
            Png.HasSignature(chart).Should().BeTrue(chart);
            using var bitmap = Png.Decode(chart);
            bitmap.Should().NotBeNull(chart);
            (bitmap!.Width, bitmap.Height).Should().Be((ChartSize.Width, ChartSize.Height), chart);
        }
    }

    [Test]
    public void A_scenario_that_never_downloaded_nor_sampled_writes_only_its_results()
    {
        using var temp = new TempFolder();

        var files = ScenarioArtifacts.Write(temp.Path, new ScenarioReport("Lab failed to start", "Failed") { ErrorMessage = "ip netns add: exit 1" });

        files.Select(Path.GetFileName).Should().Equal(ScenarioArtifacts.ResultsJson);
        Directory.GetFiles(temp.Path).Should().HaveCount(1);
        using var json = JsonDocument.Parse(File.ReadAllText(files[0]));
        json.RootElement.GetProperty("error").GetString().Should().Be("ip netns add: exit 1");
        json.RootElement.TryGetProperty("clients", out _).Should().BeFalse();
    }

    [Test]
    public void An_empty_health_series_writes_no_health_files()
    {
        using var temp = new TempFolder();

        var files = ScenarioArtifacts.Write(
            temp.Path, new ScenarioReport("Downloads only", "Passed") { Download = ReportData.FourClients(), Health = HealthSeries.Empty });

        files.Select(Path.GetFileName).Should().BeEquivalentTo(
            [ScenarioArtifacts.ResultsJson, ScenarioArtifacts.ThroughputPng, ScenarioArtifacts.AggregatePng]);
    }

    [Test]
    public void Creates_the_scenario_folder_when_it_is_missing()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "run", "001-x");

        ScenarioArtifacts.Write(folder, new ScenarioReport("x", "Passed"));

        File.Exists(Path.Combine(folder, ScenarioArtifacts.ResultsJson)).Should().BeTrue();
    }

    [Test]
    public void A_chart_that_cannot_be_written_is_reported_and_the_rest_still_written()
    {
        using var temp = new TempFolder();
        // A folder where the PNG should go makes that one save fail.
        Directory.CreateDirectory(Path.Combine(temp.Path, ScenarioArtifacts.ThroughputPng));
        var report = new ScenarioReport("Blocked chart", "Failed") { Download = ReportData.FourClients(), Health = ReportData.Health(3, withTemperature: true) };

        var files = ScenarioArtifacts.Write(temp.Path, report);

        files.Select(Path.GetFileName).Should().BeEquivalentTo(
        [
            ScenarioArtifacts.ResultsJson, ScenarioArtifacts.AggregatePng, ScenarioArtifacts.HealthCsv, ScenarioArtifacts.HealthJson,
            ScenarioArtifacts.HealthPng,
        ]);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, ScenarioArtifacts.ResultsJson)));
        json.RootElement.GetProperty("reportProblems").EnumerateArray().Should().ContainSingle()
            .Which.GetString().Should().StartWith(ScenarioArtifacts.ThroughputPng);
        json.RootElement.GetProperty("clients").EnumerateObject().Should().HaveCount(4);
    }
}
