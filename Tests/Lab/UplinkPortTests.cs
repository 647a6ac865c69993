using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

/// <summary>The attach-mode decision and the refusals, from `ip -j` output as a Pi's ports give it.</summary>
[TestFixture]
[Category("unit")]
public sealed class UplinkPortTests
{
    private const string Up = """[{"ifindex":2,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"operstate":"UP","address":"dc:a6:32:01:02:03"}]""";
    private const string WithAddress = """[{"ifname":"eth0","addr_info":[{"family":"inet","local":"192.168.1.20","prefixlen":24,"scope":"global"},{"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"}]}]""";
    private const string LinkLocalOnly = """[{"ifname":"eth1","addr_info":[{"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"}]}]""";
    private const string DefaultViaEth0 = """[{"dst":"default","gateway":"192.168.1.1","dev":"eth0","flags":[]}]""";

    [Test]
    public void A_port_with_an_address_gets_macvlan_by_default_and_bridge_mode_refuses_it_naming_the_alternative()
    {
        var port = UplinkPort.Parse("eth0", Up, WithAddress, ["[]"]);

        port.GlobalAddresses.Should().Equal("192.168.1.20/24");
        port.Resolve(UplinkAttach.Auto).Should().Be(UplinkAttach.Macvlan);
        port.Invoking(p => p.Resolve(UplinkAttach.Bridge)).Should().Throw<LabSetupException>()
            .Which.Message.Should().Contain("'eth0'").And.Contain("192.168.1.20/24").And.Contain("Lab:UplinkAttach=Macvlan");
    }

    [Test]
    public void A_port_carrying_the_default_route_counts_as_used_by_the_host()
    {
        var port = UplinkPort.Parse("eth0", Up, "[]", ["", DefaultViaEth0]);

        port.CarriesDefaultRoute.Should().BeTrue();
        port.Resolve(UplinkAttach.Auto).Should().Be(UplinkAttach.Macvlan);
        port.Invoking(p => p.Resolve(UplinkAttach.Bridge)).Should().Throw<LabSetupException>().Which.Message.Should().Contain("the default route");
    }

    [Test]
    public void A_dedicated_port_with_only_a_link_local_address_is_bridged_by_default()
    {
        var port = UplinkPort.Parse("eth1", Up.Replace("eth0", "eth1"), LinkLocalOnly, ["[]", DefaultViaEth0]);

        port.HostUsesIt.Should().BeFalse();
        port.Resolve(UplinkAttach.Auto).Should().Be(UplinkAttach.Bridge);
        port.Resolve(UplinkAttach.Macvlan).Should().Be(UplinkAttach.Macvlan);
    }

    [Test]
    public void Down_carrierless_and_enslaved_ports_are_refused_with_the_fix()
    {
        UplinkPort.Parse("eth1", Up.Replace("\"UP\",\"LOWER_UP\"", "\"LOWER_UP\""), "[]", []).Invoking(p => p.Resolve(UplinkAttach.Auto))
            .Should().Throw<LabSetupException>().Which.Message.Should().Contain("'eth1' is down").And.Contain("ip link set dev eth1 up");
        UplinkPort.Parse("eth1", Up.Replace(",\"LOWER_UP\"", ""), "[]", []).Invoking(p => p.Resolve(UplinkAttach.Auto))
            .Should().Throw<LabSetupException>().Which.Message.Should().Contain("no carrier").And.Contain("cable");
        UplinkPort.Parse("eth1", Up.Replace("\"mtu\":1500", "\"mtu\":1500,\"master\":\"br0\""), "[]", []).Invoking(p => p.Resolve(UplinkAttach.Macvlan))
            .Should().Throw<LabSetupException>().Which.Message.Should().Contain("enslaved to 'br0'").And.Contain("nomaster");
    }

    [Test]
    public void Differences_name_what_changed()
    {
        var before = UplinkPort.Parse("eth0", Up, WithAddress, []);
        var after = before with { AdminUp = false, GlobalAddresses = [] };

        after.DifferencesFrom(before).Should().BeEquivalentTo(
            "admin state up was True, now False", "addresses was 192.168.1.20/24, now ");
        before.DifferencesFrom(before).Should().BeEmpty();
    }
}
