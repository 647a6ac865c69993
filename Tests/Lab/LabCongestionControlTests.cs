using System.Text.RegularExpressions;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

/// <summary>
/// The lab's TCP uses Lab:CongestionControl (cubic by default) whatever the host's default is (BBR on this CI machine),
/// on both ends of the embedded lab's connections: the clients' (a congctl on their default route) and the server's (its
/// listening sockets), so a deep queue fills the same here as on a Pi. And an upstream cap from configuration is the
/// cap in force, as a step's is.
/// </summary>
[TestFixture]
[Category(TestTier.Lab)]
[NonParallelizable]
public sealed partial class LabCongestionControlTests
{
    private static readonly LatencySettings NoProbes = new() { Enabled = false };

    [Test]
    [CancelAfter(120_000)]
    public async Task The_lab_s_connections_use_cubic_on_both_ends_while_the_host_default_is_another(CancellationToken cancellationToken)
    {
        var host = (await File.ReadAllTextAsync("/proc/sys/net/ipv4/tcp_congestion_control", cancellationToken)).Trim();
        await using var lab = new LabDriver(SuiteSettings.Load().Lab, NoProbes);
        await lab.StartAsync(1, null, cancellationToken);

        var (client, server) = await AlgorithmsOfOneDownloadAsync(lab, cancellationToken);
        lab.SetServerCongestionControl("reno");
        var (_, serverAfterStep) = await AlgorithmsOfOneDownloadAsync(lab, cancellationToken);

        TestContext.Out.WriteLine($"host default {host}; lab client {client}, lab server {server}; server after the step: {serverAfterStep}");
        if (host == "cubic")
        {
            TestContext.Out.WriteLine("This host's default is cubic already, so the lab's choice is not told apart from it here.");
        }

        client.Should().Be("cubic", "Lab:CongestionControl defaults to cubic for the clients' connections (uploads included)");
        server.Should().Be("cubic", "and for the embedded server's");
        serverAfterStep.Should().Be("reno", "the step \"the server's TCP congestion control is ...\" overrides the configured one");
        lab.ServerCongestionControl.Should().Be("reno");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task An_algorithm_the_kernel_lacks_is_refused_before_anything_is_made_with_the_list_and_the_fix(CancellationToken cancellationToken)
    {
        await using var lab = new LabDriver(SuiteSettings.Load().Lab with { CongestionControl = "nbddnosuch" }, NoProbes);

        var start = () => lab.StartAsync(1, null, cancellationToken);

        var error = (await start.Should().ThrowAsync<LabSetupException>()).Which;
        var available = (await File.ReadAllTextAsync(CongestionControl.AvailablePath, cancellationToken)).Trim();
        TestContext.Out.WriteLine(error.Message);
        error.Message.Should().Contain("'nbddnosuch'").And.Contain(available).And.Contain("modprobe tcp_nbddnosuch");
        lab.IsBuilt.Should().BeFalse();
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_configured_upstream_cap_is_the_cap_in_force_as_a_steps_is(CancellationToken cancellationToken)
    {
        var settings = SuiteSettings.Load();
        await using var configured = new LabDriver(settings.Lab with { UpstreamMbps = 20, UpstreamQueuePackets = 50 }, NoProbes);
        await configured.StartAsync(2, null, cancellationToken);
        await using var stepped = new LabDriver(settings.Lab, NoProbes);
        await stepped.StartAsync(2, null, cancellationToken);
        await stepped.SetUpstreamQueueLimitAsync(50, cancellationToken);
        await stepped.ShapeUpstreamAsync(20, cancellationToken);

        configured.Shaping.Should().Be(new LabShaping(null, null, null, null) { UpstreamMbps = 20, UpstreamQueuePackets = 50 });
        configured.Shaping.Should().Be(stepped.Shaping, "whoever set the cap, the shaper reports what it applied");
        configured.UpstreamRateMbps.Should().Be(20, "the upload goodput step judges against it");
        configured.RouterRateMbps.Should().BeNull("the downstream is left unshaped");
        var qdiscs = await new CommandRunner().ExecuteAsync(new Command("tc", "-n", configured.Names.RouterNamespace, "qdisc", "show", "dev", configured.Names.ServerLink), cancellationToken);
        qdiscs.StandardOutput.Should().Contain("htb").And.Contain($"limit {50 * Shaper.FrameBytes}b",
            "the configured cap and queue are on the router's egress toward the server");
    }

    /// <summary>
    /// The congestion control of a download's connection as each end's kernel reports it (ss -ti): the connection is held
    /// open by a slow downstream long enough to look at it.
    /// </summary>
    private static async Task<(string Client, string Server)> AlgorithmsOfOneDownloadAsync(LabDriver lab, CancellationToken cancellationToken)
    {
        await lab.ShapeDownstreamAsync(2, cancellationToken);
        var runner = new CommandRunner();
        var client = lab.Clients[0];
        var url = $"http://{lab.Server!.Options.Address}/bytes/4000000";
        await using var download = BackgroundProcess.Start(runner, new Command("ip", "netns", "exec", client.Namespace,
            "wget", "-q", "-O", "/dev/null", url));
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var ours = await AlgorithmAsync(runner, client.Namespace, "dport", cancellationToken);
            var theirs = await AlgorithmAsync(runner, lab.Names.ServerNamespace, "sport", cancellationToken);
            if (ours is not null && theirs is not null)
            {
                return (ours, theirs);
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException("No established download connection appeared within 5 s.");
    }

    private static async Task<string?> AlgorithmAsync(CommandRunner runner, string ns, string port, CancellationToken cancellationToken)
    {
        var result = await runner.ExecuteAsync(new Command("ip", "netns", "exec", ns,
            "ss", "-Htin", "state", "established", $"( {port} = :80 )"), cancellationToken);
        return Algorithm().Match(result.StandardOutput) is { Success: true } m ? m.Groups[1].Value : null;
    }

    // ss -i prints the algorithm just before the window scales (e.g. "ts sack cubic wscale:7,7 rto:204 ...").
    [GeneratedRegex(@"([a-z0-9_]+) wscale:")]
    private static partial Regex Algorithm();
}
