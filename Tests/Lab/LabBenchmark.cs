using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Tests.Lab;

/// <summary>Setup and teardown times; printed, not asserted (the machine's load decides them).</summary>
[TestFixture]
[Category("benchmark")]
[Explicit("Creates 200 namespaces; run on purpose: dotnet test --filter TestCategory=benchmark")]
[NonParallelizable]
public sealed class LabBenchmark
{
    [TestCase(50)]
    [TestCase(200)]
    public async Task Setup_and_teardown_seconds(int clients)
    {
        var clock = Stopwatch.StartNew();
        var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = clients });
        var setup = clock.Elapsed;
        clock.Restart();
        await lab.DisposeAsync();
        var teardown = clock.Elapsed;

        TestContext.Out.WriteLine(
            $"{clients} clients: setup {setup.TotalSeconds:0.000} s (driver's own {lab.SetupTime.TotalSeconds:0.000} s, " +
            $"after preflight and reaping), teardown {teardown.TotalSeconds:0.000} s, total {(setup + teardown).TotalSeconds:0.000} s");
        (await LabLeftovers.FindAsync(lab.Names.Prefix)).Should().BeEmpty();
    }

    /// <summary>
    /// Issue 25's goal: a lab of dual-stack clients (a DHCP lease and an IPv6 address at once, as a phone does) sets up
    /// within 2x of the same lab with IPv4 only. Rounds alternate between the kinds so the machine's drift hits both;
    /// the medians and their ratio are printed.
    /// </summary>
    [TestCase(50)]
    public async Task Dual_stack_setup_against_ipv4_only_seconds(int clients)
    {
        (string Name, Ipv6Addressing Ipv6)[] kinds = [("IPv4 only (DHCP)", Ipv6Addressing.None), ("dual stack (DHCP + SLAAC)", Ipv6Addressing.Slaac), ("dual stack (DHCP + DHCPv6)", Ipv6Addressing.Dhcpv6)];
        var times = kinds.ToDictionary(k => k.Name, _ => new List<double>());
        for (var round = 0; round < 3; round++)
        {
            foreach (var (name, ipv6) in kinds)
            {
                var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = clients, Addressing = LabAddressing.Dhcp, Ipv6Addressing = ipv6 });
                times[name].Add(lab.SetupTime.TotalSeconds);
                if (ipv6 != Ipv6Addressing.None)
                {
                    var slowest = lab.Clients.Max(c => c.Ipv6Time!.Value.TotalSeconds);
                    TestContext.Out.WriteLine($"  {name}: slowest IPv6 address {slowest:0.000} s, slowest lease {lab.Clients.Max(c => c.LeaseTime!.Value.TotalSeconds):0.000} s");
                }

                await lab.DisposeAsync();
                (await LabLeftovers.FindAsync(lab.Names.Prefix)).Should().BeEmpty();
            }
        }

        var baseline = Median(times[kinds[0].Name]);
        foreach (var (name, _) in kinds)
        {
            var median = Median(times[name]);
            TestContext.Out.WriteLine(
                $"{clients} clients, {name}: set-up median {median:0.000} s over {string.Join(", ", times[name].Select(t => t.ToString("0.000")))}; {median / baseline:0.00}x IPv4 only");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
