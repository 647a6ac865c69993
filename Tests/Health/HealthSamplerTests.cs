using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class HealthSamplerTests
{
    private const string Pi4TempPath = "/sys/class/thermal/thermal_zone0/temp";

    // The fixture's test host is pid 4242; its tree is recorded with 4 KiB pages.
    private static readonly HealthMonitorOptions PiOptions = new() { SuiteProcessId = 4242, PageSizeBytes = 4096 };

    private static FixtureHostFiles Pi4() =>
        new FixtureHostFiles(PiFixtures.Pi4).WithSequence(
            HostPaths.ProcStat, PiFixtures.Read("pi4/proc/stat"), PiFixtures.Read("pi4/proc/stat.later"));

    private static HealthSampler Primed(IHostFiles files, HealthMonitorOptions? options = null)
    {
        var sampler = new HealthSampler(options ?? PiOptions, files, new FixedDiskSpace());
        sampler.Prime();
        return sampler;
    }

    [Test]
    public void Takes_every_reading_from_a_recorded_pi4()
    {
        var options = PiOptions with
        {
            NetworkSources =
            [
                new NetworkCounterSource("host", HostPaths.ProcNetDev, ["eth0"]),
                new NetworkCounterSource("client1", "/proc/4242/task/4243/net/dev", ["veth-c1"]),
            ],
        };

        var sample = Primed(Pi4(), options).Take(0, TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch);

        sample.Errors.Should().BeEmpty();
        sample.CpuPercent.Should().BeApproximately(40.0, 1e-9);
        sample.Cores.Select(c => c.Percent).Should().Equal(100.0, 25.0, 20.0, 15.0);
        sample.Temperatures.Should().Equal(new TemperatureReading("cpu-thermal", 61.205));
        sample.Memory.Should().Be(new MemoryReading(3882600L * 1024, 3215476L * 1024));
        sample.Disk!.UsedPercent.Should().BeApproximately(63.0, 1e-9);
        sample.Load.Should().Be(new LoadAverage(1.84, 1.21, 0.87));
        sample.CpuFrequencies.Select(f => f.Megahertz).Should().Equal(1800.0, 1800.0, 1800.0, 1800.0);
        sample.Throttling.Should().Be(new ThrottleState(0));
        sample.Network.Should().Equal(
            new NetworkReading("host", "eth0", 12884901888, 734003200),
            new NetworkReading("client1", "veth-c1", 67239112, 1523004));
        HealthLineFormatter.Format(sample).Should().Be("CPU 40% (suite 0%) | Temp 61.2°C | RAM 17% (suite 208 MB) | Disk 63% | Load 1.84 | Throttle ok");
    }

    [Test]
    public void Pi5_discovery_skips_the_fan_and_the_cpufreq_policy_folder_and_reports_under_voltage()
    {
        var files = new FixtureHostFiles(PiFixtures.Pi5).WithGenerated(HostPaths.ProcStat, n => SyntheticProcStat.Generate(n, 30));

        var sample = Primed(files).Take(0, TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch);

        sample.Temperatures.Should().Equal(new TemperatureReading("cpu-thermal", 67.35));
        sample.CpuFrequencies.Select(f => f.Cpu).Should().Equal(0, 1, 2, 3);
        HealthLineFormatter.Format(sample).Should().Be("CPU 30% (suite 0%) | Temp 67.4°C | RAM 10% (suite 200 MB) | Disk 63% | Load 3.12 | Throttled: under-voltage, throttled");
    }

    [Test]
    public void A_broken_temperature_file_costs_only_the_temperature()
    {
        var files = Pi4().With(Pi4TempPath, PiFixtures.Read("malformed/temp-non-numeric"));

        var sample = Primed(files).Take(0, TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch);

        sample.Temperatures.Should().BeEmpty();
        sample.Errors.Should().Equal(new ReadingError(
            ReadingKind.Temperature,
            $"{Pi4TempPath} line 1: expected an integer temperature in millidegrees Celsius but found '61.2C'"));
        HealthLineFormatter.Format(sample).Should().Be("CPU 40% (suite 0%) | Temp n/a | RAM 17% (suite 208 MB) | Disk 63% | Load 1.84 | Throttle ok");
    }

    [Test]
    public void Missing_MemAvailable_costs_only_the_ram_reading()
    {
        var files = Pi4().With(HostPaths.MemInfo, PiFixtures.Read("malformed/meminfo-no-memavailable"));

        var sample = Primed(files).Take(0, TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch);

        sample.Memory.Should().BeNull();
        sample.Errors.Should().ContainSingle().Which.Reading.Should().Be(ReadingKind.Memory);
        sample.CpuPercent.Should().NotBeNull();
    }

    [Test]
    public void A_truncated_proc_stat_costs_one_cpu_reading_and_the_next_sample_measures_across_the_gap()
    {
        var files = new FixtureHostFiles(PiFixtures.Pi4).WithSequence(
            HostPaths.ProcStat,
            PiFixtures.Read("pi4/proc/stat"),
            PiFixtures.Read("malformed/stat-truncated"),
            PiFixtures.Read("pi4/proc/stat.later"));
        var sampler = Primed(files);

        var broken = sampler.Take(0, TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch);
        var recovered = sampler.Take(1, TimeSpan.FromSeconds(4), DateTimeOffset.UnixEpoch);

        broken.CpuPercent.Should().BeNull();
        broken.Errors.Should().ContainSingle().Which.Message.Should().StartWith("/proc/stat line 3: expected the 'intr' line");
        broken.Memory.Should().NotBeNull();
        recovered.CpuPercent.Should().BeApproximately(40.0, 1e-9);
        recovered.Errors.Should().BeEmpty();
    }

    [Test]
    public void A_host_without_sensors_or_pi_firmware_has_no_such_readings_and_no_errors()
    {
        var files = Pi4()
            .Without(Pi4TempPath)
            .Without(HostPaths.PiThrottled)
            .Without("/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq");

        var sample = Primed(files).Take(0, TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch);

        sample.Temperatures.Should().BeEmpty();
        sample.Throttling.Should().BeNull();
        sample.CpuFrequencies.Select(f => f.Cpu).Should().Equal(1, 2, 3);
        sample.Errors.Should().BeEmpty();
        HealthLineFormatter.Format(sample).Should().Be("CPU 40% (suite 0%) | Temp n/a | RAM 17% (suite 208 MB) | Disk 63% | Load 1.84");
    }

    [Test]
    public void A_network_file_that_vanished_is_an_error_naming_the_source()
    {
        var options = PiOptions with
        {
            NetworkSources = [new NetworkCounterSource("client7", "/proc/999/task/999/net/dev", ["veth-c7"])],
        };

        var sample = Primed(Pi4(), options).Take(0, TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch);

        sample.Network.Should().BeEmpty();
        sample.Errors.Should().ContainSingle().Which.Message.Should()
            .StartWith("client7: /proc/999/task/999/net/dev: FileNotFoundException:");
    }

    [Test]
    public void Taking_a_sample_before_priming_is_refused()
    {
        var sampler = new HealthSampler(new HealthMonitorOptions(), Pi4(), new FixedDiskSpace());

        var act = () => sampler.Take(0, TimeSpan.Zero, DateTimeOffset.UnixEpoch);

        act.Should().Throw<InvalidOperationException>();
    }
}
