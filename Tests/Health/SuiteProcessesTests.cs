using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

/// <summary>
/// The suite's process tree on the recorded Pi 4: test host 4242 with timeout 4300 → wget 4301, timeout 4302 (its
/// wget already exited and reaped) and dnsmasq 4400; systemd (1) and a tmux server (5000) are not the suite's.
/// </summary>
[TestFixture]
[Category("unit")]
public sealed class SuiteProcessesTests
{
    private const int TestHost = 4242;

    private static string Stat(int pid) => PiFixtures.Read($"pi4/proc/{pid}/stat");

    [Test]
    public void Sums_the_test_host_and_its_descendants_only()
    {
        var snapshot = new SuiteProcesses(new FixtureHostFiles(PiFixtures.Pi4), TestHost, 4096).Read();

        // 4242: 5210+1830+2400+1100; 4300: 1; 4301: 400; 4302: 101; 4400: 8.
        snapshot.Ticks.Should().Be(10540 + 1 + 400 + 101 + 8);
        snapshot.RssBytes.Should().Be((51200L + 230 + 1180 + 230 + 410) * 4096);
        snapshot.Processes.Should().Be(5);
    }

    [Test]
    public void A_child_that_exits_between_samples_stays_counted_through_its_parents_cutime()
    {
        var files = new FixtureHostFiles(PiFixtures.Pi4);
        var suite = new SuiteProcesses(files, TestHost, 4096);
        var before = suite.Read();

        // wget 4301 ran 50 more ticks and exited; timeout 4300 reaped it (cutime/cstime += its 190+260) and exited too;
        // the test host reaped the timeout (cutime/cstime += 1 own tick + the 450 of its child).
        files.Without("/proc/4301/stat").Without("/proc/4300/stat")
            .With("/proc/4242/stat", Stat(TestHost).Replace(" 2400 1100 ", " 2590 1361 ", StringComparison.Ordinal));
        var after = suite.Read();

        after.Ticks.Should().Be(before.Ticks + 50, "only the wget's last 50 ticks are new; the rest moved up the tree");
        after.Processes.Should().Be(3);
    }

    [Test]
    public void A_process_listed_but_gone_before_its_stat_is_read_is_skipped()
    {
        var files = new FixtureHostFiles(PiFixtures.Pi4).Without("/proc/4400/stat");

        var snapshot = new SuiteProcesses(files, TestHost, 4096).Read();

        snapshot.Processes.Should().Be(4);
    }

    [Test]
    public void A_missing_test_host_is_an_error_naming_its_pid()
    {
        var act = () => new SuiteProcesses(new FixtureHostFiles(PiFixtures.Pi4), 999, 4096).Read();

        act.Should().Throw<FileNotFoundException>()
            .WithMessage("/proc/999/stat: the test host's process (pid 999) is not listed under /proc");
    }

    [Test]
    public void A_malformed_stat_of_a_live_process_is_an_error_naming_the_file()
    {
        var files = new FixtureHostFiles(PiFixtures.Pi4).With("/proc/4400/stat", "4400 (dnsmasq) S\n");

        var act = () => new SuiteProcesses(files, TestHost, 4096).Read();

        act.Should().Throw<HostFileFormatException>().WithMessage("/proc/4400/stat line 1: expected at least 24 fields*");
    }

    [Test]
    public void The_sampler_reports_the_suite_share_and_the_rest_of_the_host_over_the_same_interval()
    {
        // Host: 2 cores x 100 ticks a read, 80 % busy. Suite: 60 more ticks of its 200 (30 % of all cores' time).
        var files = new FixtureHostFiles(PiFixtures.Pi4)
            .WithGenerated(HostPaths.ProcStat, n => SyntheticProcStat.Generate(n, 80))
            .WithGenerated("/proc/4242/stat", n => Stat(TestHost).Replace(" 5210 1830 ", $" {5210 + (60 * n)} 1830 ", StringComparison.Ordinal));
        var sampler = new HealthSampler(new HealthMonitorOptions { SuiteProcessId = TestHost, PageSizeBytes = 4096 }, files, new FixedDiskSpace());
        sampler.Prime();

        var baseline = sampler.Take(0, TimeSpan.Zero, DateTimeOffset.UnixEpoch, SampleKind.Baseline);
        var sample = sampler.Take(1, TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch.AddSeconds(2));

        baseline.CpuPercent.Should().BeNull();
        baseline.SuiteCpuPercent.Should().BeNull();
        baseline.Errors.Should().BeEmpty("a baseline without CPU figures is not a failure");
        sample.CpuPercent.Should().BeApproximately(80, 1e-9);
        sample.SuiteCpuPercent.Should().BeApproximately(30, 1e-9);
        sample.RestCpuPercent.Should().BeApproximately(50, 1e-9);
        sample.Suite!.RssMegabytes.Should().BeApproximately(53250 * 4096 / 1048576.0, 1e-9);
        HealthLineFormatter.Format(sample).Should().StartWith("CPU 80% (suite 30%) | Temp 61.2°C | RAM 17% (suite 208 MB) |");
    }

    [Test]
    public void A_failed_proc_stat_read_keeps_the_suite_on_the_same_interval_as_the_host()
    {
        // Reads: prime, broken, then good again. The suite gains 60 ticks per read; the host is at 50 %.
        var stat = 0;
        var files = new FixtureHostFiles(PiFixtures.Pi4)
            .WithGenerated(HostPaths.ProcStat, n => n == 1 ? PiFixtures.Read("malformed/stat-truncated") : SyntheticProcStat.Generate(stat++, 50))
            .WithGenerated("/proc/4242/stat", n => Stat(TestHost).Replace(" 5210 1830 ", $" {5210 + (60 * n)} 1830 ", StringComparison.Ordinal));
        var sampler = new HealthSampler(new HealthMonitorOptions { SuiteProcessId = TestHost, PageSizeBytes = 4096 }, files, new FixedDiskSpace());
        sampler.Prime();

        var broken = sampler.Take(0, TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch);
        var recovered = sampler.Take(1, TimeSpan.FromSeconds(4), DateTimeOffset.UnixEpoch);

        broken.SuiteCpuPercent.Should().BeNull();
        broken.Suite!.Processes.Should().Be(5, "memory and the process count need no interval");
        // Both are measured from the prime, not from the broken sample: the suite's 120 ticks since then (two reads of
        // its stat) over the 200 host ticks between the two good /proc/stat reads. Measured from the broken sample's
        // suite snapshot instead, it would say 30 %.
        recovered.CpuPercent.Should().BeApproximately(50, 1e-9);
        recovered.SuiteCpuPercent.Should().BeApproximately(60, 1e-9);
    }
}
