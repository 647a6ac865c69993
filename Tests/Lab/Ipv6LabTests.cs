using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class Ipv6LabTests
{
    [TestCase(Ipv6Addressing.Slaac, LabAddressing.Static)]
    [TestCase(Ipv6Addressing.Dhcpv6, LabAddressing.Dhcp)]
    public async Task Clients_take_their_own_IPv6_address_from_the_labs_router_and_reach_the_server_over_IPv6(Ipv6Addressing ipv6, LabAddressing ipv4)
    {
        var settings = new LabSettings { Clients = 8, Addressing = ipv4, Ipv6Addressing = ipv6 };
        var lab = await NamespaceLab.StartAsync(settings);
        var prefix = lab.Names.Prefix;
        try
        {
            var ula = lab.Ipv6Prefix!;
            var server = lab.RegisterForTeardown(await NamespacedHttpServer.StartAsync(lab.Server!.Namespace));
            var runner = new CommandRunner();
            TestContext.Out.WriteLine($"{ipv6}: prefix {ula}, set-up {lab.SetupTime.TotalMilliseconds:0} ms");
            lab.Clients.Select(c => c.Ipv6Address).Should().OnlyHaveUniqueItems().And.NotContainNulls();
            foreach (var client in lab.Clients)
            {
                TestContext.Out.WriteLine($"{client.Namespace}: {client.Address} and {client.Ipv6Address}/{client.Ipv6PrefixLength} by {client.Ipv6Source} in {client.Ipv6Time!.Value.TotalMilliseconds:0} ms, router {client.Ipv6Gateway}");
                client.Ipv6Source.Should().Be(ipv6);
                client.Ipv6Address!.GetAddressBytes()[..8].Should().Equal(ula.ClientNetwork.GetAddressBytes()[..8], "the address is in the advertised /64");
                client.Ipv6PrefixLength.Should().Be(ipv6 == Ipv6Addressing.Slaac ? 64 : 128);
                client.Ipv6Time.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThan(TimeSpan.FromSeconds(settings.Ipv6TimeoutSeconds));
                client.Ipv6Gateway!.IsIPv6LinkLocal.Should().BeTrue("the default route comes from the router's advertisement");
                if (ipv4 == LabAddressing.Dhcp)
                {
                    client.LeaseTime.Should().NotBeNull("dual stack: the IPv4 lease too");
                }

                var fetch = await runner.RunAsync(lab.InNamespace(client.Namespace,
                    new Command("wget", "-6", "-q", "-O", "/dev/null", "-T", "10", "-t", "1", server.Url(lab.Server.Ipv6Address!, 100_000))));
                fetch.ExitCode.Should().Be(0, fetch.StandardError);
            }
        }
        finally
        {
            await lab.DisposeAsync();
        }

        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty("dnsmasq, dhclient, their files and the namespaces are gone");
    }
}
