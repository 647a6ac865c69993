using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

/// <summary>Lab:UpstreamMbps, Lab:UpstreamQueuePackets and Lab:CongestionControl are checked with the other Lab settings.</summary>
[TestFixture]
[Category(TestTier.Unit)]
public sealed class UpstreamSettingsTests
{
    [Test]
    public void The_defaults_are_valid_and_use_cubic() =>
        new LabSettings().Should().Match<LabSettings>(s => s.Validate().Count == 0 && s.CongestionControl == "cubic" && s.UpstreamMbps == null);

    [TestCase(0.0)]
    [TestCase(-5.0)]
    [TestCase(double.NaN)]
    public void A_non_positive_upstream_rate_is_refused_with_the_fix(double mbps) =>
        new LabSettings { UpstreamMbps = mbps }.Validate().Should().ContainSingle()
            .Which.Should().Contain("Lab:UpstreamMbps").And.Contain("remove it for no shaping");

    [TestCase(0)]
    [TestCase(100_001)]
    public void An_impossible_upstream_queue_is_refused_with_the_range(int packets) =>
        new LabSettings { UpstreamQueuePackets = packets }.Validate().Should().ContainSingle()
            .Which.Should().Contain($"Lab:UpstreamQueuePackets is {packets}").And.Contain("1 to 100000");

    [Test]
    public void The_upstream_cap_is_refused_in_uplink_mode_pointing_to_the_stated_rate() =>
        new LabSettings { Mode = LabMode.Uplink, UplinkInterface = "eth1", UpstreamMbps = 20 }.Validate().Should().ContainSingle()
            .Which.Should().Contain("Lab:UpstreamMbps").And.Contain("Lab:UplinkUpstreamRateMbps");

    [Test]
    public void The_stated_upstream_rate_is_accepted_in_uplink_mode() =>
        new LabSettings { Mode = LabMode.Uplink, UplinkInterface = "eth1", UplinkUpstreamRateMbps = 20 }.Validate().Should().BeEmpty();

    [TestCase("Cubic")]
    [TestCase("cubic; reboot")]
    [TestCase("a_name_far_too_long_for_tcp")]
    public void A_malformed_congestion_control_is_refused(string name) =>
        new LabSettings { CongestionControl = name }.Validate().Should().ContainSingle()
            .Which.Should().Contain($"Lab:CongestionControl '{name}'").And.Contain("cubic");

    [Test]
    public void An_empty_congestion_control_leaves_the_host_default() =>
        (new LabSettings { CongestionControl = "" }.Validate().Count, CongestionControl.RouteSuffix("")).Should().Be((0, ""));
}
