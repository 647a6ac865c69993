using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

/// <summary>Each bad input gives one <see cref="LabSetupException"/> naming the problem and the fix, and nothing of the
/// run exists afterwards. These fail before any privileged step, so they run without root.</summary>
[TestFixture]
[Category("unit")]
public sealed class BadInputTests
{
    private static readonly LabHost RootHost = new() { IsRoot = () => true };

    [Test]
    public Task A_subnet_too_small_for_the_clients_names_the_subnet_and_the_prefix_needed() =>
        ExpectFailureAsync(new LabSettings { Clients = 3, ClientSubnet = "198.18.0.0/30" }, RootHost,
            "198.18.0.0/30", "holds 2 host addresses", "need 4", "/29");

    [Test]
    public Task An_uplink_interface_name_over_15_bytes_is_rejected_with_the_limit() =>
        ExpectFailureAsync(new LabSettings { Mode = LabMode.Uplink, UplinkInterface = "enx00e04c680123abc" }, RootHost,
            "'enx00e04c680123abc'", "18 bytes", "at most 15");

    [Test]
    public Task An_uplink_interface_name_with_a_space_is_rejected() =>
        ExpectFailureAsync(new LabSettings { Mode = LabMode.Uplink, UplinkInterface = "eth0 up" }, RootHost,
            "'eth0 up'", "whitespace", "as `ip link` shows it");

    [TestCase("ip", "iproute2")]
    [TestCase("tc", "iproute2")]
    public Task A_missing_tool_is_named_with_its_package(string tool, string package) =>
        ExpectFailureAsync(new LabSettings { Clients = 2 }, RootHost with { LocateTool = Without(tool) },
            $"'{tool}'", $"apt-get install -y {package}");

    [Test]
    public Task A_missing_dnsmasq_in_dhcp_mode_names_dnsmasq_base() =>
        ExpectFailureAsync(new LabSettings { Clients = 2, Addressing = LabAddressing.Dhcp }, RootHost with { LocateTool = Without("dnsmasq") },
            "'dnsmasq'", "apt-get install -y dnsmasq-base");

    [Test]
    public Task Not_root_without_passwordless_sudo_says_how_to_run() =>
        ExpectFailureAsync(new LabSettings { Clients = 2 },
            new LabHost { IsRoot = () => false, CanSudo = _ => Task.FromResult(false) },
            "not running as root", "`sudo -n`", "sudo -E dotnet test");

    [Test]
    public Task A_missing_uplink_interface_names_it() =>
        ExpectFailureAsync(new LabSettings { Mode = LabMode.Uplink, UplinkInterface = "nbddnosuchif" }, RootHost,
            "'nbddnosuchif' does not exist", "`ip link`");

    [Test]
    public Task Several_bad_values_are_reported_together() =>
        ExpectFailureAsync(new LabSettings { Clients = 0, ClientSubnet = "10.0.0.0/8", LossPercent = 120 }, RootHost,
            "Clients is 0", "10.0.0.0/8 lies outside 198.18.0.0/15", "LossPercent is 120");

    private static Func<string, string?> Without(string tool) =>
        name => name == tool ? null : ToolCatalog.Locate(name);

    private static async Task ExpectFailureAsync(LabSettings settings, LabHost host, params string[] fragments)
    {
        var runId = RunId.New();

        var act = () => NamespaceLab.StartAsync(settings, host, runId);

        var failure = await act.Should().ThrowAsync<LabSetupException>();
        foreach (var fragment in fragments)
        {
            failure.Which.Message.Should().Contain(fragment);
        }

        var namespaces = Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns", runId.NamePrefix + "*") : [];
        namespaces.Should().BeEmpty("nothing was created");
        File.Exists(Path.Combine(settings.RunDirectory, runId.NamePrefix + ".run")).Should().BeFalse("nothing was created");
    }
}
