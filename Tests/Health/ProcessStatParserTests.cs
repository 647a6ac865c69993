using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class ProcessStatParserTests
{
    [Test]
    public void Reads_parent_times_and_rss_of_a_recorded_wget()
    {
        var stat = ProcessStatParser.Parse(PiFixtures.Read("pi4/proc/4301/stat"), "/proc/4301/stat");

        stat.Should().Be(new ProcessStat(4301, 4300, 140, 260, 0, 0, 1180));
        stat.TicksWithReapedChildren.Should().Be(400);
    }

    [Test]
    public void A_command_name_with_spaces_and_parentheses_ends_at_the_last_parenthesis()
    {
        var stat = ProcessStatParser.Parse(PiFixtures.Read("pi4/proc/5000/stat"), "/proc/5000/stat");

        stat.Should().Be(new ProcessStat(5000, 1, 900, 300, 0, 0, 1500));
    }

    [Test]
    public void Reaped_children_count_through_cutime_and_cstime()
    {
        var stat = ProcessStatParser.Parse(PiFixtures.Read("pi4/proc/4302/stat"), "/proc/4302/stat");

        stat.TicksWithReapedChildren.Should().Be(0 + 1 + 30 + 70, "a timeout whose wget has exited still carries the wget's time");
    }

    [Test]
    public void A_line_cut_short_is_an_error_naming_the_file_and_what_was_expected()
    {
        var act = () => ProcessStatParser.Parse("4301 (wget) R 4300 4300 4300 0 -1 4194304 99 0 0 0 140 260\n", "/proc/4301/stat");

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/4301/stat line 1: expected at least 24 fields but found '4301 (wget) R 4300 4300 4300 0 -1 4194304 99 0 0 0 140 260'");
    }

    [Test]
    public void A_non_numeric_time_is_an_error_naming_the_field()
    {
        var line = PiFixtures.Read("pi4/proc/4301/stat").Replace(" 140 260 ", " 1,4 260 ", StringComparison.Ordinal);

        var act = () => ProcessStatParser.Parse(line, "/proc/4301/stat");

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/4301/stat line 1: expected a non-negative integer in field 14 but found '1,4'");
    }

    [Test]
    public void Text_without_a_command_name_is_an_error()
    {
        var act = () => ProcessStatParser.Parse("not a stat file", "/proc/7/stat");

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/7/stat line 1: expected 'pid (comm) state ...' but found 'not a stat file'");
    }
}
