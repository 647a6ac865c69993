using System.Net.Sockets;
using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support;
using Reqnroll;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class Ipv6StepDefinitions(ScenarioCancellation cancellation, LabDriver lab, DownloadPlan plan, DownloadContext downloads)
{
    [Given("{int} client(s) that get(s) their IPv6 address by SLAAC")]
    [StepHelp("Builds the lab with that many clients that form their own IPv6 address from the router's advertisements (SLAAC), beside their IPv4 one (static in the embedded lab, DHCP from a real router). The embedded router advertises a ULA /64 random per run. The time from each client's link coming up to a usable address (duplicate-address detection done) is recorded; Lab:Ipv6TimeoutSeconds bounds it.")]
    public Task GivenSlaacClients(long clients) =>
        lab.StartAsync(clients, null, Ipv6Addressing.Slaac, cancellation.Token);

    [Given("{int} client(s) that get(s) their IPv6 address by DHCPv6")]
    [StepHelp("As above, but each client takes its IPv6 address from the router's stateful DHCPv6 server (ISC dhclient -6, one-shot, retried until Lab:Ipv6TimeoutSeconds); the default route still comes from the advertisements.")]
    public Task GivenDhcpv6Clients(long clients) =>
        lab.StartAsync(clients, null, Ipv6Addressing.Dhcpv6, cancellation.Token);

    [Given("{int} dual-stack client(s)")]
    [StepHelp("Clients with a DHCP (IPv4) lease and an IPv6 address, both taken from the router at once, as a phone or laptop does: SLAAC, or DHCPv6 when Lab:Ipv6Addressing is Dhcpv6.")]
    public Task GivenDualStackClients(long clients) =>
        lab.StartAsync(clients, LabAddressing.Dhcp, lab.ConfiguredIpv6Addressing == Ipv6Addressing.Dhcpv6 ? Ipv6Addressing.Dhcpv6 : Ipv6Addressing.Slaac, cancellation.Token);

    [Given("the download uses IPv6")]
    [StepHelp("Every transfer goes over IPv6 (wget --inet6-only; the native engine connects to an IPv6 address): the embedded lab's server by its ULA address; in uplink mode Download:Ipv6Url, or Download:Url's AAAA record. Latency probes follow the same family.")]
    public void GivenTheDownloadUsesIpv6() => plan.Family = AddressFamily.InterNetworkV6;

    [Given("the download uses IPv4")]
    [StepHelp("Every transfer goes over IPv4 (wget --inet4-only), also for a server name with an AAAA record.")]
    public void GivenTheDownloadUsesIpv4() => plan.Family = AddressFamily.InterNetwork;

    [Then("every client got an IPv6 address within {double} second(s)")]
    [StepHelp("Every client has a usable IPv6 address, obtained within that time of its link coming up (SLAAC) or of its start (DHCPv6).")]
    public void ThenEveryClientGotAnIpv6Address(double seconds)
    {
        lab.Clients.Where(c => c.Ipv6Address is null).Select(c => c.Namespace).Should().BeEmpty("every client should have an IPv6 address");
        lab.Clients.Where(c => c.Ipv6Time > TimeSpan.FromSeconds(seconds))
            .Select(c => $"{c.Namespace}: {c.Ipv6Address} by {c.Ipv6Source} in {c.Ipv6Time!.Value.TotalSeconds:0.###} s")
            .Should().BeEmpty($"every IPv6 address should be usable within {seconds} s");
    }

    [Then("every client has its own IPv6 address")]
    [StepHelp("No two clients share an IPv6 address, and none lacks one.")]
    public void ThenEveryClientHasItsOwnIpv6Address() =>
        lab.Clients.Select(c => c.Ipv6Address).Should().NotContainNulls().And.OnlyHaveUniqueItems().And.HaveCount(lab.Clients.Count);

    [Then("every client downloaded over IPv6")]
    [StepHelp("Every client's transfer connected to an IPv6 address of the server (read from wget's log or the native engine's socket), so the figures are IPv6's.")]
    public void ThenEveryClientDownloadedOverIpv6() =>
        downloads.Run.Results.Where(r => r.Family != "IPv6").Select(r => $"{r.Namespace}: {r.Family ?? "no connection"} ({r.ServerAddress})")
            .Should().BeEmpty("every transfer should have used IPv6");
}
