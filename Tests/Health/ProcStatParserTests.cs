using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class ProcStatParserTests
{
    [Test]
    public void Parses_the_aggregate_and_four_cores_of_a_pi4()
    {
        var times = ProcStatParser.Parse(PiFixtures.Read("pi4/proc/stat"), "/proc/stat");

        times.Total.Should().Be(new CpuTicks(125366, 1250, 48812, 7281512, 4521, 0, 2311, 0));
        times.Cores.Select(c => c.Cpu).Should().Equal(0, 1, 2, 3);
        times.Cores[3].Ticks.User.Should().Be(31351);
    }

    [Test]
    public void Cpu_percent_between_two_pi4_reads_matches_the_hand_computed_deltas()
    {
        var before = ProcStatParser.Parse(PiFixtures.Read("pi4/proc/stat"), "/proc/stat");
        var after = ProcStatParser.Parse(PiFixtures.Read("pi4/proc/stat.later"), "/proc/stat");

        CpuUsage.Percent(before.Total, after.Total).Should().BeApproximately(40.0, 1e-9);
        CpuUsage.PerCore(before, after).Select(c => c.Percent).Should().Equal(100.0, 25.0, 20.0, 15.0);
    }

    [Test]
    public void Parses_a_pi5()
    {
        var times = ProcStatParser.Parse(PiFixtures.Read("pi5/proc/stat"), "/proc/stat");

        times.Cores.Should().HaveCount(4);
        times.Total.Idle.Should().Be(9842610);
    }

    [Test]
    public void A_file_truncated_inside_the_cpu_block_is_an_error_naming_file_and_line()
    {
        var act = () => ProcStatParser.Parse(PiFixtures.Read("malformed/stat-truncated"), "/proc/stat");

        var error = act.Should().Throw<HostFileFormatException>().Which;
        error.Path.Should().Be("/proc/stat");
        error.LineNumber.Should().Be(3);
        error.Message.Should().Be("/proc/stat line 3: expected the 'intr' line after the cpu lines (file truncated?) but found 'end of file'");
    }

    [Test]
    public void A_line_cut_short_is_an_error_naming_the_line()
    {
        var act = () => ProcStatParser.Parse("cpu  1 2 3 4 5 6 7 8\ncpu0 1 2\nintr 0\n", "/proc/stat");

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/stat line 2: expected at least 4 counters after 'cpu0' but found 'cpu0 1 2'");
    }

    [Test]
    public void A_non_numeric_counter_is_an_error_naming_the_field()
    {
        var act = () => ProcStatParser.Parse("cpu  1 2 x 4\nintr 0\n", "/proc/stat");

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/stat line 1: expected a non-negative integer in field 4 but found 'x'");
    }

    [Test]
    public void An_empty_file_is_an_error()
    {
        var act = () => ProcStatParser.Parse(string.Empty, "/proc/stat");

        act.Should().Throw<HostFileFormatException>().Which.LineNumber.Should().Be(1);
    }

    [Test]
    public void Cpu_percent_is_absent_when_no_tick_elapsed()
    {
        var ticks = new CpuTicks(1, 2, 3, 4, 5, 6, 7, 8);

        CpuUsage.Percent(ticks, ticks).Should().BeNull();
    }
}
