using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Tests.Downloads;
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

                var retrans = await runner.ExecuteAsync(lab.InNamespace(client.Namespace, new Command("sysctl", "-n", "net.ipv6.neigh.eth0.retrans_time_ms")));
                retrans.StandardOutput.Trim().Should().Be("1000", "the short detection timer of set-up is put back to the kernel's for the load");
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

    /// <summary>
    /// Both engines, both directions, over IPv6 to the lab's own server: every transfer connects to its IPv6 address
    /// (the start gate answered AAAA for wget), and the server, which logs each transfer under the client's IPv6
    /// address, counted the same bytes as every client.
    /// </summary>
    [TestCase(DownloadEngineKind.Wget)]
    [TestCase(DownloadEngineKind.Native)]
    public async Task Both_engines_download_and_upload_over_IPv6_and_the_server_counted_the_same_bytes(DownloadEngineKind engine)
    {
        var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = 3, Ipv6Addressing = Ipv6Addressing.Slaac });
        var prefix = lab.Names.Prefix;
        try
        {
            var server = lab.RegisterForTeardown(await DownloadServer.StartAsync(DownloadServerOptions.ForLab(lab) with { HttpPort = 80, HttpsPort = 443 }, CancellationToken.None));
            using var file = await UploadFile.CreateAsync(lab.Scratch.Path, 2 * 1024 * 1024);
            var six = lab.Server!.Ipv6Address!;
            var request = new DownloadRequest(new Uri($"http://[{six}]/bytes/{3 * 1024 * 1024}"), TimeSpan.FromSeconds(30))
            {
                Load = LoadDirection.Both,
                UploadUrl = new Uri($"http://[{six}]/upload/{file.Bytes}"),
                UploadFilePath = file.Path,
                Family = AddressFamily.InterNetworkV6,
                Engine = engine,
                ExpectedBytes = 3 * 1024 * 1024,
            };

            var run = await DownloadLab.Manager(engine).StartParallelAsync([.. lab.Clients.Select(c => c.Namespace)], request, CancellationToken.None);

            run.AllResults.Should().HaveCount(6).And.AllSatisfy(r =>
            {
                r.Outcome.Should().Be(DownloadOutcome.Ok, r.Stderr);
                r.Family.Should().Be("IPv6", $"{r.Namespace}'s {r.Direction} connected to {r.ServerAddress}");
                r.Gated.Should().BeTrue("the start gate holds IPv6 clients as IPv4 ones");
            });
            var addresses = lab.Clients.ToDictionary(c => c.Namespace, c => c.Ipv6Address!.ToString());
            await server.WaitForTransfersAsync(t => t.Count(x => x.IsFinished) >= 6, new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            ByteTruth.Compare(run.Download!.Results, addresses, server.Transfers).Should().BeEmpty();
            ByteTruth.CompareUploads(run.Upload!.Results, addresses, server.Transfers).Should().BeEmpty();
            server.Transfers.Select(t => t.RemoteAddress).Distinct().Should().BeEquivalentTo(addresses.Values, "the server saw each client by its IPv6 address");
        }
        finally
        {
            await lab.DisposeAsync();
        }

        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty();
    }

    /// <summary>
    /// A name resolves to its AAAA record when the download uses IPv6, to its A record over IPv4; a name with only an A
    /// record is refused for IPv6 (glibc's ahostsv6 answers it with a mapped ::ffff:a.b.c.d, which is no IPv6 server).
    /// The names come from a hosts file of the client's namespace (`ip netns exec` mounts /etc/netns/NS/hosts).
    /// </summary>
    [Test]
    public async Task A_host_name_resolves_to_its_AAAA_record_when_the_download_uses_IPv6_and_a_name_without_one_is_refused()
    {
        var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = 1 });
        var ns = lab.Clients[0].Namespace;
        var folder = Path.Combine("/etc/netns", ns);
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "hosts"),
                "127.0.0.1 localhost\nfd00:6e62:7500:2::10 nbdd-dual.test\n198.51.100.7 nbdd-dual.test\n198.51.100.8 nbdd-four.test\n");
            var runner = new CommandRunner();
            Task<DownloadTarget> Resolve(string url, AddressFamily family) =>
                DownloadTarget.ResolveAsync(new Uri(url), ns, runner, CancellationToken.None, family);

            (await Resolve("http://nbdd-dual.test:8080/f", AddressFamily.InterNetworkV6)).EndPoint
                .Should().Be(new IPEndPoint(IPAddress.Parse("fd00:6e62:7500:2::10"), 8080));
            (await Resolve("http://nbdd-dual.test:8080/f", AddressFamily.InterNetwork)).EndPoint
                .Should().Be(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 8080));
            var fourOnly = () => Resolve("http://nbdd-four.test/f", AddressFamily.InterNetworkV6);
            (await fourOnly.Should().ThrowAsync<DownloadTargetException>()).Which.Message
                .Should().Contain("'nbdd-four.test' to an IPv6 address (AAAA)").And.Contain("Download:Ipv6Url");
            var literal = () => Resolve("http://198.19.0.2/x", AddressFamily.InterNetworkV6);
            (await literal.Should().ThrowAsync<DownloadTargetException>()).Which.Message.Should().Contain("uses IPv6").And.Contain("Download:Ipv6Url");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await lab.DisposeAsync();
        }
    }

    /// <summary>
    /// Under a shared cap each client's IPv6 traffic lands in its own htb class, as its IPv4 traffic does: the class
    /// counters (tc -s) hold each client's whole download, and the catch-all class 1:10 almost nothing. A filter that
    /// missed IPv6 would leave every download in 1:10, sharing one queue, which fairness alone would not show.
    /// </summary>
    [Test]
    public async Task Under_a_shared_cap_each_clients_IPv6_download_goes_through_its_own_class()
    {
        var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = 2, Ipv6Addressing = Ipv6Addressing.Slaac, DownstreamMbps = 200 });
        var prefix = lab.Names.Prefix;
        try
        {
            var server = lab.RegisterForTeardown(await DownloadServer.StartAsync(DownloadServerOptions.ForLab(lab) with { HttpPort = 80, HttpsPort = 443 }, CancellationToken.None));
            const long bytes = 4 * 1024 * 1024;
            var request = new DownloadRequest(new Uri($"http://[{lab.Server!.Ipv6Address}]/bytes/{bytes}"), TimeSpan.FromSeconds(30))
            {
                Family = AddressFamily.InterNetworkV6,
                ExpectedBytes = bytes,
            };

            var run = await DownloadLab.Manager(DownloadEngineKind.Native).StartParallelAsync([.. lab.Clients.Select(c => c.Namespace)], request, CancellationToken.None);

            run.AllResults.Should().AllSatisfy(r => (r.Outcome, r.Family).Should().Be((DownloadOutcome.Ok, "IPv6")));
            // This iproute2 prints classes as text only: "class htb 1:100 parent 1:1 leaf 100: ...", then " Sent N bytes ...".
            var classes = await new CommandRunner().ExecuteAsync(new Command("tc", "-n", lab.RouterNamespace, "-s", "class", "show", "dev", lab.Names.Bridge));
            var sent = System.Text.RegularExpressions.Regex.Matches(classes.StandardOutput, @"class htb (\S+) [^\n]*\n\s*Sent (\d+) bytes")
                .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            TestContext.Out.WriteLine(string.Join(", ", sent.Select(p => $"{p.Key} {p.Value} B")));
            sent["1:100"].Should().BeGreaterThan(bytes, "client 1's IPv6 download crossed its own class");
            sent["1:101"].Should().BeGreaterThan(bytes, "client 2's IPv6 download crossed its own class");
            sent["1:10"].Should().BeLessThan(bytes / 10, "only stray traffic (neighbour discovery, advertisements) is left to the catch-all class");
            server.ClearTransfers();
        }
        finally
        {
            await lab.DisposeAsync();
        }

        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty();
    }
}
