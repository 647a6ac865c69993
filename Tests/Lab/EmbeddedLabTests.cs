using System.Net;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class EmbeddedLabTests
{
    [TestCase(3)]
    [TestCase(50)]
    public async Task Clients_get_own_addresses_and_reach_the_server_only_through_the_router(int clients)
    {
        var settings = new LabSettings { Clients = clients };
        var lab = await NamespaceLab.StartAsync(settings);
        var prefix = lab.Names.Prefix;
        try
        {
            var server = lab.RegisterForTeardown(await NamespacedHttpServer.StartAsync(lab.Server!.Namespace));
            var probe = new ClientProbe(lab);
            var gateway = Ipv4Subnet.Parse(settings.ClientSubnet).Host(1);

            lab.Clients.Should().HaveCount(clients);
            var addresses = await Task.WhenAll(lab.Clients.Select(c => probe.AddressesAsync(c.Namespace)));
            addresses.Select(a => a.Single()).Should().Equal(lab.Clients.Select(c => c.Address), "each client holds exactly the address the driver reports");
            lab.Clients.Select(c => c.Address).Should().OnlyHaveUniqueItems();

            var routes = await Task.WhenAll(lab.Clients.Select(c => probe.RouteToAsync(c.Namespace, lab.Server.Address)));
            routes.Should().AllSatisfy(r => r.Gateway.Should().Be(gateway, "clients reach the server via the router's gateway"));

            var back = await probe.RouteToAsync(lab.Server.Namespace, lab.Clients[^1].Address);
            back.Gateway.Should().Be(lab.Server.RouterAddress, "the server answers clients only through the router");
            (await probe.RoutesAsync(lab.Server.Namespace)).Should().BeEquivalentTo(
                [$"default via {lab.Server.RouterAddress} dev eth0", "198.19.0.0/30 dev eth0"],
                "the server namespace has no route of its own into the clients' subnet");

            var downloads = await Task.WhenAll(lab.Clients.Select(c =>
                probe.DownloadAsync(c.Namespace, server.Url(lab.Server.Address, 100_000))));
            downloads.Should().AllSatisfy(d => d.Result.ExitCode.Should().Be(0, d.Result.StandardError));

            await lab.SetForwardingAsync(false);
            var cut = await probe.DownloadAsync(lab.Clients[0].Namespace, server.Url(lab.Server.Address, 1000), timeoutSeconds: 2);
            cut.Result.ExitCode.Should().NotBe(0, "without the router's forwarding there is no path to the server");

            await lab.SetForwardingAsync(true);
            var restored = await probe.DownloadAsync(lab.Clients[0].Namespace, server.Url(lab.Server.Address, 1000));
            restored.Result.ExitCode.Should().Be(0, restored.Result.StandardError);
        }
        finally
        {
            await lab.DisposeAsync();
        }

        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty("teardown removes every namespace, link, qdisc, process and file of the run");
    }

    [Test]
    public async Task Teardown_is_idempotent_and_a_second_lab_coexists_with_the_first()
    {
        await using var first = await NamespaceLab.StartAsync(new LabSettings { Clients = 2 });
        var second = await NamespaceLab.StartAsync(new LabSettings { Clients = 2 });

        second.RunId.Should().NotBe(first.RunId);
        await second.TeardownAsync();
        await second.TeardownAsync();

        (await LabLeftovers.FindAsync(second.Names.Prefix)).Should().BeEmpty();
        File.Exists(Path.Combine("/run/netns", first.Clients[0].Namespace)).Should().BeTrue("the other run's lab is untouched");
        var probe = new ClientProbe(first);
        (await probe.AddressesAsync(first.Clients[1].Namespace)).Should().Equal(first.Clients[1].Address);
    }
}
