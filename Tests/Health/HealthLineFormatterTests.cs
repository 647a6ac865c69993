using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class HealthLineFormatterTests
{
    private static HealthSample Sample(
        double? cpu = 37.4,
        double? temp = 61.205,
        MemoryReading? memory = null,
        DiskReading? disk = null,
        LoadAverage? load = null,
        ThrottleState? throttling = null,
        IReadOnlyList<ReadingError>? errors = null) =>
        new(
            0,
            TimeSpan.FromSeconds(2),
            DateTimeOffset.UnixEpoch,
            cpu,
            [],
            temp is null ? [] : [new TemperatureReading("cpu-thermal", temp.Value)],
            memory,
            disk,
            load,
            [],
            throttling,
            [],
            errors ?? []);

    [Test]
    public void Prints_every_reading_in_the_documented_order()
    {
        var line = HealthLineFormatter.Format(Sample(
            memory: new MemoryReading(100, 58),
            disk: new DiskReading("/", 100, 37, 37),
            load: new LoadAverage(1.844, 1, 1)));

        line.Should().Be("CPU 37% | Temp 61.2°C | RAM 42% | Disk 63% | Load 1.84");
    }

    [Test]
    public void Prints_n_a_for_absent_readings()
    {
        HealthLineFormatter.Format(Sample(cpu: null, temp: null))
            .Should().Be("CPU n/a | Temp n/a | RAM n/a | Disk n/a | Load n/a");
    }

    [Test]
    public void Appends_throttle_ok_when_the_pi_file_exists_and_nothing_is_set()
    {
        HealthLineFormatter.Format(Sample(throttling: new ThrottleState(0))).Should().EndWith(" | Load n/a | Throttle ok");
    }

    [Test]
    public void Names_current_throttle_conditions()
    {
        HealthLineFormatter.Format(Sample(throttling: new ThrottleState(0x3))).Should().EndWith(" | Throttled: under-voltage, capped");
    }

    [Test]
    public void Shows_n_a_when_the_throttle_file_exists_but_could_not_be_read()
    {
        var line = HealthLineFormatter.Format(Sample(errors: [new ReadingError(ReadingKind.Throttling, "broken")]));

        line.Should().EndWith(" | Throttled: n/a");
    }

    [Test]
    public void Shows_the_hottest_zone()
    {
        var sample = Sample() with
        {
            Temperatures = [new TemperatureReading("a", 40), new TemperatureReading("b", 71.26)],
        };

        HealthLineFormatter.Format(sample).Should().Contain("| Temp 71.3°C |");
    }
}
