using System.Net;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Tests.Lab;

/// <summary>
/// Uplink mode against a stand-in for the real router: a veth in the host namespace plays the Pi's Ethernet port, its
/// other end sits in a namespace of the test's own with dnsmasq and a download server at 198.18.0.1.
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class UplinkLabTests
{
    private static readonly IPAddress RouterAddress = IPAddress.Parse("198.18.0.1");

    [Test]
    public async Task Clients_lease_from_the_real_router_through_the_bridged_uplink_and_download_from_it()
    {
        await using var standIn = await StandInRouter.StartAsync(withDhcp: true);
        var lab = await NamespaceLab.StartAsync(new LabSettings { Mode = LabMode.Uplink, UplinkInterface = standIn.Uplink, Clients = 5 });
        var prefix = lab.Names.Prefix;
        try
        {
            var probe = new ClientProbe(lab);
            lab.Server.Should().BeNull("in uplink mode the download URL comes from configuration");
            lab.Clients.Should().AllSatisfy(c => c.Gateway.Should().Be(RouterAddress));
            lab.Clients.Select(c => c.Address).Should().OnlyHaveUniqueItems()
                .And.AllSatisfy(a => Ipv4Subnet.Parse("198.18.0.0/24").Contains(a).Should().BeTrue());
            var downloads = await Task.WhenAll(lab.Clients.Select(c => probe.DownloadAsync(c.Namespace, standIn.Server.Url(RouterAddress, 50_000))));
            downloads.Should().AllSatisfy(d => d.Result.ExitCode.Should().Be(0, d.Result.StandardError));
        }
        finally
        {
            await lab.DisposeAsync();
        }

        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty();
        File.Exists($"/sys/class/net/{standIn.Uplink}/ifindex").Should().BeTrue("teardown gives the uplink back to the host namespace");
    }

    [Test]
    public async Task Latency_probes_reach_the_leased_gateway_and_the_urls_host_and_the_queue_step_is_refused()
    {
        await using var standIn = await StandInRouter.StartAsync(withDhcp: true);
        var lab = await NamespaceLab.StartAsync(
            new LabSettings { Mode = LabMode.Uplink, UplinkInterface = standIn.Uplink, Clients = 2, ProbeClient = true });
        var prefix = lab.Names.Prefix;
        try
        {
            lab.ProbeClient.Should().NotBeNull("the probe client leases like any other device")
                .And.Subject.As<LabClient>().Gateway.Should().Be(RouterAddress);
            (await FluentActions.Awaiting(() => lab.SetQueueLimitAsync(100)).Should().ThrowAsync<InvalidOperationException>())
                .WithMessage("*Uplink mode the real router's own queues are under test*");

            var url = new Uri(standIn.Server.Url(RouterAddress, 20_000_000));
            var plan = await Drivers.Latency.LatencyPlan.ForAsync(lab.Clients, lab.ProbeClient, url, null, 3, CancellationToken.None);
            var settings = new LatencySettings { IdleSeconds = 1, TailSeconds = 0.5 };
            await using var session = await new Drivers.Latency.LatencyDriver(settings, TestContext.Out).StartAsync(plan, CancellationToken.None);
            session.LoadStarting();
            var manager = new DownloadManager(new Drivers.Downloads.WgetEngine(new CommandRunner()), TestContext.Out);
            var run = await manager.StartParallelDownloadAsync(
                [.. lab.Clients.Select(c => c.Namespace)], new Drivers.Downloads.DownloadRequest(url, TimeSpan.FromSeconds(30)));
            var latency = await session.FinishAsync(run, CancellationToken.None);

            run.Aggregate.Succeeded.Should().Be(2);
            latency.Samples.Select(s => s.Target).Should().Contain(RouterAddress.ToString(), "the gateway the clients leased and the URL's host are both the stand-in router");
            latency.ByKind.Keys.Should().Contain([
                Drivers.Latency.ProbeKind.SelfIcmpGateway, Drivers.Latency.ProbeKind.SelfIcmpServer,
                Drivers.Latency.ProbeKind.ForeignIcmpServer, Drivers.Latency.ProbeKind.ForeignTcpConnect]);
            latency.ByKind.Keys.Should().NotContain(Drivers.Latency.ProbeKind.SelfTcpRtt, "the suite does not own the real server's sockets");
            latency.SelfIdle.Answered.Should().BeGreaterThan(5);
            latency.ByKind[Drivers.Latency.ProbeKind.ForeignTcpConnect].Idle.Answered.Should().BeGreaterThan(3);
        }
        finally
        {
            await lab.DisposeAsync();
        }

        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty();
    }

    [Test]
    public async Task Without_a_dhcp_server_on_the_uplink_setup_fails_naming_the_client_and_leaves_nothing()
    {
        await using var standIn = await StandInRouter.StartAsync(withDhcp: false);
        var runId = RunId.New();

        var act = () => NamespaceLab.StartAsync(
            new LabSettings { Mode = LabMode.Uplink, UplinkInterface = standIn.Uplink, Clients = 2, DhcpTimeoutSeconds = 2 }, runId: runId);

        (await act.Should().ThrowAsync<LabSetupException>()).Which.Message
            .Should().Contain("got no DHCP lease").And.Contain("DhcpTimeoutSeconds");
        (await LabLeftovers.FindAsync(runId.NamePrefix)).Should().BeEmpty();
        File.Exists($"/sys/class/net/{standIn.Uplink}/ifindex").Should().BeTrue();
    }

    [TestCase(DownloadEngineKind.Wget)]
    [TestCase(DownloadEngineKind.Native)]
    public async Task Both_engines_start_every_client_at_the_gate_through_a_router_and_server_the_suite_does_not_run(DownloadEngineKind engine)
    {
        const long size = 2_000_000;
        await using var standIn = await StandInRouter.StartAsync(withDhcp: true);
        var lab = await NamespaceLab.StartAsync(new LabSettings { Mode = LabMode.Uplink, UplinkInterface = standIn.Uplink, Clients = 5 });
        var prefix = lab.Names.Prefix;
        try
        {
            var request = new DownloadRequest(new Uri(standIn.Server.Url(RouterAddress, size)), TimeSpan.FromSeconds(30)) { ExpectedBytes = size };

            var run = await new DownloadManager(DownloadEngines.Create(engine, new CommandRunner()), TestContext.Out)
                .StartParallelDownloadAsync([.. lab.Clients.Select(c => c.Namespace)], request);

            run.Results.Should().AllSatisfy(r =>
            {
                r.Outcome.Should().Be(DownloadOutcome.Ok, r.Stderr);
                r.Bytes.Should().Be(size);
                r.Gated.Should().BeTrue("the gate needs nothing from the router or its server");
            });
            run.Aggregate.FirstByteSpreadSeconds.Should().NotBeNull();
        }
        finally
        {
            await lab.DisposeAsync();
        }

        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty("the gate's resolver folders go with the run");
    }

    /// <summary>The stand-in router: namespace nbdd&lt;id&gt;u with lan0 = 198.18.0.1/24, dnsmasq and an HTTP server.</summary>
    private sealed class StandInRouter : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _owned = [];
        private readonly CommandRunner _runner = new();

        private StandInRouter(RunId id)
        {
            Namespace = id.NamePrefix + "u";
            Uplink = id.NamePrefix + "l";
        }

        public string Namespace { get; }

        public string Uplink { get; }

        public NamespacedHttpServer Server { get; private set; } = null!;

        /// <param name="advertiseOnly">Also advertise an IPv6 /64 (SLAAC), with no DHCPv6 server behind it.</param>
        public static async Task<StandInRouter> StartAsync(bool withDhcp, bool advertiseOnly = false)
        {
            var standIn = new StandInRouter(RunId.New());
            try
            {
                await standIn.BuildAsync(withDhcp, advertiseOnly);
            }
            catch
            {
                await standIn.DisposeAsync();
                throw;
            }

            return standIn;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var owned in Enumerable.Reverse(_owned))
            {
                await owned.DisposeAsync();
            }

            // Deleting the namespace destroys lan0 and with it its peer, the stand-in uplink.
            await _runner.RunAsync(new IpBatch().Add($"netns del {Namespace}").Add($"link del {Uplink}").Ip(force: true));
        }

        private async Task BuildAsync(bool withDhcp, bool advertiseOnly)
        {
            await _runner.ExecuteAsync(new IpBatch()
                .Add($"netns add {Namespace}")
                .Add($"link add {Uplink} type veth peer name lan0 netns {Namespace}")
                .Add($"link set dev {Uplink} up").Ip());
            await _runner.ExecuteAsync(new IpBatch()
                .Add("link set dev lo up").Add("link set dev lan0 up").Add($"addr add {RouterAddress}/24 dev lan0").IpIn(Namespace));
            Directory.CreateDirectory("/run/nbdd");
            if (withDhcp)
            {
                if (advertiseOnly)
                {
                    await _runner.ExecuteAsync(new IpBatch().Add($"addr add {Ipv6Prefix}1/64 dev lan0 nodad").IpIn(Namespace));
                }

                var dnsmasq = BackgroundProcess.Start(_runner, new LabHost().InNamespace(Namespace, new Command("dnsmasq",
                [
                    "--keep-in-foreground", "--conf-file=/dev/null", "--port=0", "--log-facility=-", "--interface=lan0",
                    "--bind-interfaces", "--dhcp-range=198.18.0.10,198.18.0.200,255.255.255.0,3600",
                    $"--dhcp-option=option:router,{RouterAddress}", "--no-ping", $"--dhcp-leasefile=/run/nbdd/{Namespace}.leases",
                    .. advertiseOnly ? ["--enable-ra", $"--dhcp-range={Ipv6Prefix},ra-only,64"] : Array.Empty<string>(),
                ])));
                _owned.Add(dnsmasq);
                _owned.Add(new FileOwner($"/run/nbdd/{Namespace}.leases"));
            }

            Server = await NamespacedHttpServer.StartAsync(Namespace);
            _owned.Add(Server);
        }
    }

    /// <summary>The stand-in's IPv6 /64 when it advertises one (a ULA of the tests' own).</summary>
    private const string Ipv6Prefix = "fd00:6e62:7500:1::";

    [Test]
    public async Task A_router_that_sends_no_advertisement_fails_slaac_clients_within_their_timeout_naming_it_and_leaves_nothing()
    {
        await using var standIn = await StandInRouter.StartAsync(withDhcp: true);

        var (message, took) = await FailedIpv6SetupAsync(standIn, Ipv6Addressing.Slaac, timeoutSeconds: 3);

        message.Should().Contain("got no IPv6 address by SLAAC").And.Contain("Lab:Ipv6TimeoutSeconds = 3 s")
            .And.Contain("no router advertisement arrived").And.Contain("link-local");
        took.Should().BeLessThan(TimeSpan.FromSeconds(15), "the IPv6 timeout ends the step, not the IPv4 one");
    }

    [Test]
    public async Task A_dhcpv6_server_that_never_answers_fails_the_clients_within_their_timeout_naming_it_and_leaves_no_dhclient()
    {
        await using var standIn = await StandInRouter.StartAsync(withDhcp: true, advertiseOnly: true);

        var (message, took) = await FailedIpv6SetupAsync(standIn, Ipv6Addressing.Dhcpv6, timeoutSeconds: 6);

        message.Should().Contain("got no DHCPv6 address").And.Contain("Lab:Ipv6TimeoutSeconds = 6 s")
            .And.MatchRegex(@"sent [1-9]\d* Solicit\(s\) and no DHCPv6 server answered");
        took.Should().BeLessThan(TimeSpan.FromSeconds(20));
        var dhclients = await new CommandRunner().RunAsync(new Command("pgrep", "-f", $"{RunId.Prefix}-dhclient6"));
        dhclients.StandardOutput.Trim().Should().BeEmpty("no DHCPv6 client outlives the lab");
    }

    /// <summary>
    /// Starts two clients through <paramref name="standIn"/> that must take an IPv6 address (IPv4 leases work, and may
    /// take up to 30 s): the failure's message and how long it took; nothing of the lab may be left.
    /// </summary>
    private static async Task<(string Message, TimeSpan Took)> FailedIpv6SetupAsync(StandInRouter standIn, Ipv6Addressing addressing, int timeoutSeconds)
    {
        var runId = RunId.New();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var act = () => NamespaceLab.StartAsync(new LabSettings
        {
            Mode = LabMode.Uplink, UplinkInterface = standIn.Uplink, Clients = 2, Ipv6Addressing = addressing,
            Ipv6TimeoutSeconds = timeoutSeconds, DhcpTimeoutSeconds = 30,
        }, runId: runId);

        var message = (await act.Should().ThrowAsync<LabSetupException>()).Which.Message;
        var took = clock.Elapsed;
        TestContext.Out.WriteLine($"{took.TotalSeconds:0.0} s: {message}");
        (await LabLeftovers.FindAsync(runId.NamePrefix)).Should().BeEmpty();
        File.Exists($"/sys/class/net/{standIn.Uplink}/ifindex").Should().BeTrue("teardown gives the uplink back to the host namespace");
        return (message, took);
    }

    private sealed class FileOwner(string path) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            File.Delete(path);
            return ValueTask.CompletedTask;
        }
    }
}
