using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Soak;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Tests.Soak;

/// <summary>A RENEWING DHCPREQUEST from inside a client namespace, against the embedded router's dnsmasq.</summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class LeaseRenewalLabTests
{
    [Test]
    public async Task A_leased_client_renews_its_address_and_a_silent_server_is_a_failed_renewal_saying_so()
    {
        await using var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = 2, Addressing = LabAddressing.Dhcp, DhcpLeaseSeconds = 600 });
        foreach (var client in lab.Clients)
        {
            var renewal = await LeaseRenewal.RenewAsync(client, 1, TimeSpan.FromSeconds(5), CancellationToken.None);
            TestContext.Out.WriteLine(renewal);
            renewal.Renewed.Should().BeTrue(renewal.ToString());
            renewal.LeaseSeconds.Should().Be(600);
        }

        // Nobody serves DHCP at the lab's server address: traffic stays in the lab, and the renewal fails saying why.
        var lost = await LeaseRenewal.RenewAsync(lab.Clients[0] with { DhcpServer = lab.Server!.Address }, 2, TimeSpan.FromSeconds(2), CancellationToken.None);
        lost.Renewed.Should().BeFalse();
        lost.Detail.Should().Contain("no answer from " + lab.Server.Address);

        // The DHCP server fault: stopped, a renewal gets no answer; started again, it renews the same address.
        await lab.StopDhcpServerAsync();
        var down = await LeaseRenewal.RenewAsync(lab.Clients[1], 3, TimeSpan.FromSeconds(2), CancellationToken.None);
        down.Renewed.Should().BeFalse(down.ToString());
        await lab.StartDhcpServerAsync();
        var back = await LeaseRenewal.RenewAsync(lab.Clients[1], 4, TimeSpan.FromSeconds(5), CancellationToken.None);
        back.Renewed.Should().BeTrue(back.ToString());
    }
}
