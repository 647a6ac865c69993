using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NUnit.Framework;

namespace NetnsBdd.Tests.Latency;

/// <summary>
/// The plan's server follows the download's address family: a literal of that family, a name resolved in it, and a
/// clear error (host, family, fix) for a mismatch. DNS is answered by a stand-in, so nothing here leaves the process.
/// </summary>
[TestFixture]
[Category("unit")]
public sealed class LatencyPlanTests
{
    private static readonly LabClient[] Clients =
    [
        new(1, "nbddtestc1", "nbddtestv1", IPAddress.Parse("fd00:6e62::11"), 64, IPAddress.Parse("fd00:6e62::1"), null),
        new(2, "nbddtestc2", "nbddtestv2", IPAddress.Parse("fd00:6e62::12"), 64, IPAddress.Parse("fd00:6e62::1"), null),
    ];

    [Test]
    public async Task An_ipv6_literal_is_the_server_when_the_download_goes_over_ipv6()
    {
        var plan = await LatencyPlan.ForAsync(Clients, Clients[1], new Uri("http://[fd00:6e62::2]:8080/bytes/1"), null, 2,
            AddressFamily.InterNetworkV6, CancellationToken.None);

        plan.Server.Should().Be(new IPEndPoint(IPAddress.Parse("fd00:6e62::2"), 8080));
        plan.Sampled.Select(c => c.Gateway).Should().AllBeEquivalentTo(IPAddress.Parse("fd00:6e62::1"), "IPv6 gateways are probe targets as given");
    }

    [Test]
    public async Task The_overload_without_a_family_keeps_probing_over_ipv4()
    {
        var plan = await LatencyPlan.ForAsync(Clients, null, new Uri("http://198.51.100.7/bytes/1"), null, 1, CancellationToken.None);

        plan.Server.Should().Be(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 80));
    }

    [Test]
    public async Task An_ipv4_literal_while_ipv6_is_asked_names_the_host_the_family_and_the_fix()
    {
        var act = () => LatencyPlan.ForAsync(Clients, null, new Uri("http://198.51.100.7/"), null, 1, AddressFamily.InterNetworkV6, CancellationToken.None);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should()
            .Contain("198.51.100.7").And.Contain("is an IPv4 address").And.Contain("go over IPv6")
            .And.Contain("Pass AddressFamily.InterNetwork ").And.Contain("use an IPv6 address in Download:Url");
    }

    [Test]
    public async Task An_ipv6_literal_while_ipv4_is_asked_names_the_host_the_family_and_the_fix()
    {
        var act = () => LatencyPlan.ForAsync(Clients, null, new Uri("http://[fd00:6e62::2]/"), null, 1, CancellationToken.None);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should()
            .Contain("[fd00:6e62::2]").And.Contain("is an IPv6 address").And.Contain("go over IPv4")
            .And.Contain("Pass AddressFamily.InterNetworkV6");
    }

    [Test]
    public async Task A_name_is_resolved_in_the_download_family_only()
    {
        var asked = new List<(string Host, AddressFamily Family)>();
        var plan = await LatencyPlan.ForAsync(Clients, null, new Uri("http://server.lab:81/"), null, 1, AddressFamily.InterNetworkV6,
            Resolve(asked, ("server.lab", AddressFamily.InterNetworkV6, ["fd00:6e62::2"])), CancellationToken.None);

        plan.Server.Should().Be(new IPEndPoint(IPAddress.Parse("fd00:6e62::2"), 81));
        asked.Should().Equal(("server.lab", AddressFamily.InterNetworkV6));
    }

    [Test]
    public async Task A_resolver_that_answers_both_families_gives_the_asked_one()
    {
        var plan = await LatencyPlan.ForAsync(Clients, null, new Uri("http://server.lab/"), null, 1, AddressFamily.InterNetworkV6,
            Resolve([], ("server.lab", AddressFamily.InterNetworkV6, ["198.51.100.7", "fd00:6e62::2"])), CancellationToken.None);

        plan.Server.Address.Should().Be(IPAddress.Parse("fd00:6e62::2"));
    }

    [Test]
    public async Task A_name_without_an_aaaa_record_says_so_with_the_addresses_it_has()
    {
        var act = () => LatencyPlan.ForAsync(Clients, null, new Uri("http://v4only.lab/"), null, 1, AddressFamily.InterNetworkV6,
            Resolve([], ("v4only.lab", AddressFamily.Unspecified, ["198.51.100.7"])), CancellationToken.None);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should()
            .Contain("'v4only.lab' has no IPv6 address (AAAA record)").And.Contain("resolves to 198.51.100.7 only")
            .And.Contain("Give the name an AAAA record").And.Contain("AddressFamily.InterNetwork)");
    }

    [Test]
    public async Task A_name_that_answers_the_family_with_nothing_is_the_same_error()
    {
        var act = () => LatencyPlan.ForAsync(Clients, null, new Uri("http://empty.lab/"), null, 1, AddressFamily.InterNetworkV6,
            Resolve([], ("empty.lab", AddressFamily.InterNetworkV6, [])), CancellationToken.None);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("'empty.lab' has no IPv6 address (AAAA record), so");
    }

    [Test]
    public async Task A_name_that_does_not_resolve_at_all_says_it_did_not_resolve()
    {
        var act = () => LatencyPlan.ForAsync(Clients, null, new Uri("http://nowhere.lab/"), null, 1, AddressFamily.InterNetworkV6,
            Resolve([]), CancellationToken.None);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should()
            .Contain("'nowhere.lab' did not resolve").And.Contain("Fix Download:Url");
    }

    [Test]
    public async Task A_family_other_than_ipv4_or_ipv6_is_refused_with_the_two_it_takes()
    {
        var act = () => LatencyPlan.ForAsync(Clients, null, new Uri("http://198.51.100.7/"), null, 1, AddressFamily.Unspecified, CancellationToken.None);

        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should()
            .Contain("AddressFamily.InterNetwork)").And.Contain("AddressFamily.InterNetworkV6");
    }

    /// <summary>Answers <paramref name="known"/> (host, family asked, addresses); anything else fails as getaddrinfo does.</summary>
    private static LatencyPlan.Resolver Resolve(List<(string, AddressFamily)> asked, params (string Host, AddressFamily Family, string[] Addresses)[] known) =>
        (host, family, _) =>
        {
            asked.Add((host, family));
            var answer = known.FirstOrDefault(k => k.Host == host && k.Family == family);
            return answer.Addresses is null
                ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound))
                : Task.FromResult(answer.Addresses.Select(IPAddress.Parse).ToArray());
        };
}
