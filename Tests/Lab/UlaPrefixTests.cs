using System.Net;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

[TestFixture]
[Category("unit")]
public sealed class UlaPrefixTests
{
    [Test]
    public void The_lab_plan_puts_clients_on_subnet_1_and_the_server_link_on_subnet_2_of_the_48()
    {
        var ula = UlaPrefix.FromGlobalId([0x3c, 0x9a, 0x1e, 0x77, 0xb2]);

        ula.Prefix48.Should().Be("fd3c:9a1e:77b2::/48");
        ula.ClientNetwork.Should().Be(IPAddress.Parse("fd3c:9a1e:77b2:1::"));
        ula.ClientGateway.Should().Be(IPAddress.Parse("fd3c:9a1e:77b2:1::1"));
        ula.ServerRouter.Should().Be(IPAddress.Parse("fd3c:9a1e:77b2:2::1"));
        ula.Server.Should().Be(IPAddress.Parse("fd3c:9a1e:77b2:2::2"));
        ula.Dhcpv6Range.Should().Be((IPAddress.Parse("fd3c:9a1e:77b2:1::1:0"), IPAddress.Parse("fd3c:9a1e:77b2:1::ffff:ffff")));
    }

    [Test]
    public void Every_run_draws_its_own_random_global_id_inside_fd00_8()
    {
        var prefixes = Enumerable.Range(0, 20).Select(_ => UlaPrefix.New()).ToArray();

        prefixes.Should().OnlyHaveUniqueItems("40 random bits: two runs (or a run and a home network's ULA) do not collide");
        prefixes.Should().AllSatisfy(p => p.Server.GetAddressBytes()[0].Should().Be(0xfd, "RFC 4193: fd00::/8 is the locally assigned half"));
    }
}
