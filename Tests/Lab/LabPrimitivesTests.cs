using System.Globalization;
using System.Net;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

[TestFixture]
[Category("unit")]
public sealed class LabPrimitivesTests
{
    [Test]
    public void Subnet_arithmetic_gives_gateway_first_and_counts_hosts()
    {
        var subnet = Ipv4Subnet.Parse("198.18.0.0/16");

        subnet.HostCount.Should().Be(65534);
        subnet.Host(1).Should().Be(IPAddress.Parse("198.18.0.1"));
        subnet.Host(257).Should().Be(IPAddress.Parse("198.18.1.1"));
        subnet.Contains(IPAddress.Parse("198.19.0.1")).Should().BeFalse();
        Ipv4Subnet.PrefixFor(4).Should().Be(29);
    }

    [TestCase("198.18.5.0/16", "host bits set")]
    [TestCase("198.18.0.0", "CIDR form")]
    [TestCase("198.18.0/16", "CIDR form")]
    [TestCase("fe80::/64", "CIDR form")]
    public void Bad_subnets_are_explained(string text, string fragment)
    {
        Ipv4Subnet.TryParse(text, out _, out var problem).Should().BeFalse();
        problem.Should().Contain(fragment);
    }

    [TestCase("eth0", true)]
    [TestCase("nbddabcdefv4000", true)]
    [TestCase("nbddabcdefv40000", false)]
    [TestCase("eth 0", false)]
    [TestCase("Eth0", false)]
    [TestCase("-n", false)]
    [TestCase("", false)]
    public void Link_names_are_checked_for_length_and_characters(string name, bool usable) =>
        (LinkName.Problem(name, "name") is null).Should().Be(usable);

    [Test]
    public void Run_ids_are_fresh_valid_and_never_start_like_other_helpers_names()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => RunId.New().Value).ToArray();

        ids.Should().OnlyHaveUniqueItems().And.AllSatisfy(id => RunId.IsValid(id).Should().BeTrue());
        ids.Should().NotContain(id => id.StartsWith('t'));
    }

    [Test]
    public void The_longest_name_of_the_largest_lab_fits_the_kernel_limit()
    {
        var names = new LabNames(RunId.New(), "/run/nbdd");

        LinkName.Problem(names.HostLink(LabSettings.MaxClients), "link").Should().BeNull();
        LinkName.Problem(names.ClientNamespace(LabSettings.MaxClients), "ns").Should().BeNull();
        LabNames.RunIdOf(names.ClientNamespace(7)).Should().Be(names.RunId.Value);
    }

    [Test]
    public void Default_settings_are_valid_and_uplink_defaults_to_dhcp()
    {
        new LabSettings().Validate().Should().BeEmpty();
        new LabSettings { Mode = LabMode.Uplink, UplinkInterface = "eth1" }.EffectiveAddressing.Should().Be(LabAddressing.Dhcp);
    }

    [Test]
    public void Overlapping_server_and_client_subnets_are_rejected_with_an_example()
    {
        new LabSettings { ServerSubnet = "198.18.0.0/30" }.Validate()
            .Should().ContainSingle().Which.Should().Contain("overlaps").And.Contain("198.19.0.0/30");
    }

    [Test]
    public void Run_record_round_trips_and_knows_this_process_is_alive()
    {
        var record = RunRecord.ForCurrentProcess();

        RunRecord.Parse(record.Serialize()).Should().Be(record);
        record.IsOwnerAlive().Should().BeTrue();
        (record with { ProcessStartTicks = record.ProcessStartTicks + 1 }).IsOwnerAlive().Should().BeFalse("a reused pid has another start time");
    }

    [Test]
    public async Task Run_record_start_time_is_the_one_other_processes_read()
    {
        // Read by another process (cat), as a later run's reaper reads it; under qemu the emulator fakes this
        // process's own view of /proc/self/stat, so the two differ unless the record avoids that view.
        var result = await new CommandRunner().ExecuteAsync(new Command("cat", $"/proc/{Environment.ProcessId}/stat"));
        var stat = result.StandardOutput;
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        RunRecord.ForCurrentProcess().ProcessStartTicks.Should().Be(long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
