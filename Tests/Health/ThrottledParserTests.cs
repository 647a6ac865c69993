using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class ThrottledParserTests
{
    private const string Path = HostPaths.PiThrottled;

    [Test]
    public void Zero_means_nothing_set()
    {
        var state = ThrottledParser.Parse(PiFixtures.Read("get_throttled/ok"), Path);

        state.Flags.Should().Be(ThrottleFlags.None);
        state.Any.Should().BeFalse();
        state.Describe().Should().Be("ok");
    }

    [Test]
    public void Decodes_20002_as_frequency_capped_now_and_since_boot()
    {
        var state = ThrottledParser.Parse(PiFixtures.Read("get_throttled/capped"), Path);

        state.Raw.Should().Be(0x20002u);
        state.Current.Should().Be(ThrottleFlags.ArmFrequencyCapped);
        state.Occurred.Should().Be(ThrottleFlags.ArmFrequencyCappedOccurred);
        state.Describe().Should().Be("capped");
    }

    [Test]
    public void Decodes_50005_as_under_voltage_and_throttled()
    {
        var state = ThrottledParser.Parse(PiFixtures.Read("get_throttled/under-voltage"), Path);

        state.Flags.Should().Be(
            ThrottleFlags.UnderVoltage | ThrottleFlags.Throttled | ThrottleFlags.UnderVoltageOccurred | ThrottleFlags.ThrottledOccurred);
        state.Describe().Should().Be("under-voltage, throttled");
        state.Hex.Should().Be("0x50005");
    }

    [Test]
    public void Reads_vcgencmd_output_and_reports_past_only_conditions_as_earlier()
    {
        var state = ThrottledParser.Parse(PiFixtures.Read("get_throttled/vcgencmd-occurred-only"), Path);

        state.Current.Should().Be(ThrottleFlags.None);
        state.Any.Should().BeTrue();
        state.Describe().Should().Be("earlier under-voltage, throttled");
    }

    [Test]
    public void Lists_current_conditions_before_earlier_ones()
    {
        new ThrottleState(0xF0008).Describe().Should().Be("soft temp limit; earlier under-voltage, capped, throttled");
    }

    [TestCase("0x8", 0x8u)]
    [TestCase("0XA", 0xAu)]
    [TestCase("80008\n", 0x80008u)]
    public void Accepts_hex_with_or_without_prefix(string content, uint expected)
    {
        ThrottledParser.Parse(content, Path).Raw.Should().Be(expected);
    }

    [Test]
    public void Garbage_is_an_error_naming_the_file()
    {
        var act = () => ThrottledParser.Parse("unknown\n", Path);

        act.Should().Throw<HostFileFormatException>()
            .WithMessage($"{Path} line 1: expected a hexadecimal throttle word such as '50005' or '0x50005' but found 'unknown'");
    }
}
