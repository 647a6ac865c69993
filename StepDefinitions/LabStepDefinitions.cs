using FluentAssertions;
using NetnsBdd.Drivers;
using NetnsBdd.Support;
using NetnsBdd.Support.Bdd;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class LabStepDefinitions(LabDriver lab)
{
    [Given("{int} client(s)")]
    public Task GivenClients(int clients, CancellationToken cancellationToken) =>
        lab.StartAsync(clients, null, cancellationToken);

    [Given("{int} client(s) that get(s) their address by DHCP")]
    public Task GivenDhcpClients(int clients, CancellationToken cancellationToken) =>
        lab.StartAsync(clients, LabAddressing.Dhcp, cancellationToken);

    [Given("the clients are attached to the real router")]
    public void GivenTheRealRouter() => lab.UseRealRouter();

    [Given("the router's downstream is shaped to {double} Mbit\\/s")]
    public Task GivenDownstreamShaped(double mbps, CancellationToken cancellationToken) =>
        lab.ShapeDownstreamAsync(mbps, cancellationToken);

    [Given("each client is limited to {double} Mbit\\/s")]
    public Task GivenEachClientLimited(double mbps, CancellationToken cancellationToken) =>
        lab.LimitEachClientAsync(mbps, cancellationToken);

    [Given("the router adds {int} ms delay with {int} ms jitter")]
    public Task GivenDelay(int delayMs, int jitterMs, CancellationToken cancellationToken) =>
        HostCapability.RequireAsync(() => lab.DelayAsync(TimeSpan.FromMilliseconds(delayMs), TimeSpan.FromMilliseconds(jitterMs), cancellationToken));

    [Given("the router drops {double}% of packets")]
    public Task GivenLoss(double percent, CancellationToken cancellationToken) =>
        HostCapability.RequireAsync(() => lab.DropAsync(percent, cancellationToken));

    [Then("every client got a lease within {double} second(s)")]
    public void ThenEveryClientGotALease(double seconds)
    {
        lab.Clients.Select(c => c.LeaseTime).Should().NotContainNulls("every client asked the DHCP server for its address");
        lab.Clients.Where(c => c.LeaseTime > TimeSpan.FromSeconds(seconds))
            .Select(c => $"{c.Namespace}: {c.LeaseTime!.Value.TotalSeconds:0.###} s")
            .Should().BeEmpty($"every lease should be bound within {seconds} s");
    }

    [Then("every client has its own address")]
    public void ThenEveryClientHasItsOwnAddress() =>
        lab.Clients.Select(c => c.Address).Should().OnlyHaveUniqueItems().And.HaveCount(lab.Clients.Count);
}
