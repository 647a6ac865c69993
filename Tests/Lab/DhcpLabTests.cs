using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class DhcpLabTests
{
    [Test]
    public async Task Ten_clients_lease_addresses_from_the_labs_dnsmasq_and_lease_times_are_recorded()
    {
        var settings = new LabSettings { Clients = 10, Addressing = LabAddressing.Dhcp };
        var lab = await NamespaceLab.StartAsync(settings);
        var prefix = lab.Names.Prefix;
        try
        {
            var server = lab.RegisterForTeardown(await NamespacedHttpServer.StartAsync(lab.Server!.Namespace));
            var subnet = Ipv4Subnet.Parse(settings.ClientSubnet);
            var probe = new ClientProbe(lab);

            lab.Clients.Select(c => c.Address).Should().OnlyHaveUniqueItems()
                .And.AllSatisfy(a => subnet.Contains(a).Should().BeTrue($"{a} is leased from {subnet}"))
                .And.NotContain(subnet.Host(1), "the gateway's address is not leased");
            lab.Clients.Should().AllSatisfy(c =>
            {
                c.Gateway.Should().Be(subnet.Host(1));
                c.PrefixLength.Should().Be(subnet.PrefixLength);
                c.LeaseTime.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThan(TimeSpan.FromSeconds(settings.DhcpTimeoutSeconds));
            });
            foreach (var client in lab.Clients)
            {
                (await probe.AddressesAsync(client.Namespace)).Should().Equal(client.Address);
                TestContext.Out.WriteLine($"{client.Namespace}: {client.Address} in {client.LeaseTime!.Value.TotalMilliseconds:0} ms");
            }

            var downloads = await Task.WhenAll(lab.Clients.Select(c => probe.DownloadAsync(c.Namespace, server.Url(lab.Server.Address, 10_000))));
            downloads.Should().AllSatisfy(d => d.Result.ExitCode.Should().Be(0, d.Result.StandardError));
            File.ReadAllText(Path.Combine(lab.Names.RunFolder, "nbdd-dnsmasq.leases")).Should().Contain(lab.Clients[0].Address.ToString());
        }
        finally
        {
            await lab.DisposeAsync();
        }

        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty("dnsmasq, udhcpc, their files and the namespaces are gone");
    }
}
