using System.Net;
using FluentAssertions;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Drivers.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

[TestFixture]
[Category("unit")]
public sealed class IfInet6ParserTests
{
    // As a client namespace shows it a moment after its SLAAC address appeared (tentative: DAD still running), beside
    // its link-local address (done) and loopback.
    private const string Sample = """
        00000000000000000000000000000001 01 80 10 80       lo
        fd3c9a1e77b200018430b0fffee3320f 02 40 00 100     eth0
        fe800000000000008430b0fffee3320f 02 40 20 80     eth0
        fd3c9a1e77b20001000000009d1f4b87 02 80 00 48     eth0

        """;

    [Test]
    public void Each_line_gives_address_prefix_scope_and_whether_duplicate_address_detection_is_done()
    {
        var addresses = IfInet6Parser.Parse(Sample, "/proc/net/if_inet6");

        addresses.Should().HaveCount(4);
        var slaac = addresses[1];
        slaac.Address.Should().Be(IPAddress.Parse("fd3c:9a1e:77b2:1:8430:b0ff:fee3:320f"));
        (slaac.InterfaceIndex, slaac.PrefixLength, slaac.Device).Should().Be((2, 64, "eth0"));
        slaac.IsGlobal.Should().BeTrue("a ULA has global scope on Linux");
        slaac.IsUsable.Should().BeTrue("flags 0x100 (managetempaddr, dynamic) hold no tentative bit");
        addresses[2].IsLinkLocal.Should().BeTrue();
        var leased = addresses[3];
        (leased.PrefixLength, leased.IsUsable, leased.HasFailedDad).Should().Be((128, false, true), "0x48: tentative and DAD failed");
    }

    [Test]
    public void A_tentative_address_is_not_usable()
    {
        var tentative = IfInet6Parser.Parse("fd3c9a1e77b200018430b0fffee3320f 02 40 00 40     eth0\n", "x").Single();

        tentative.IsUsable.Should().BeFalse();
        tentative.HasFailedDad.Should().BeFalse();
    }

    [TestCase("fd3c9a1e77b20001 02 40 00 40 eth0")]
    [TestCase("fd3c9a1e77b200018430b0fffee3320f 02 zz 00 40 eth0")]
    [TestCase("fd3c9a1e77b200018430b0fffee3320f 02 81 00 40 eth0")]
    [TestCase("fd3c9a1e77b200018430b0fffee3320f 02 40 00 40")]
    public void A_line_of_another_shape_names_the_file_the_line_and_what_was_expected(string line)
    {
        var parse = () => IfInet6Parser.Parse("00000000000000000000000000000001 01 80 10 80 lo\n" + line, "/proc/thread-self/net/if_inet6 in nbddx");

        parse.Should().Throw<HostFileFormatException>()
            .Which.Should().Match<HostFileFormatException>(e => e.LineNumber == 2 && e.Path.Contains("nbddx") && e.Expected.Contains("32 hex digits"));
    }
}
