using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Settings;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Tests.Settings;

[TestFixture]
[Category("unit")]
public sealed class SuiteSettingsTests
{
    private static SuiteSettings Load(params (string Key, string Value)[] environment) =>
        SuiteSettings.Load(AppContext.BaseDirectory, environment.ToDictionary(e => e.Key, e => (string?)e.Value));

    [Test]
    public void The_shipped_appsettings_json_loads_and_is_valid()
    {
        var settings = Load();

        settings.Lab.Clients.Should().Be(10);
        settings.Lab.ClientSubnet.Should().Be("198.18.0.0/16");
        settings.Download.FileSizeBytes.Should().Be(64L * 1024 * 1024);
        settings.Health.IntervalSeconds.Should().Be(2);
        settings.Latency.Enabled.Should().BeTrue();
        settings.Latency.IntervalMilliseconds.Should().Be(100);
    }

    [Test]
    public void Latency_probes_can_be_turned_off()
    {
        Load(("NBDD_Latency__Enabled", "false")).Latency.Enabled.Should().BeFalse();
    }

    [Test]
    public void A_latency_probe_client_needs_an_address_of_its_own()
    {
        // 5 clients + gateway fill a /29's 6 host addresses; the probe client would be the 7th.
        new LabSettings { Clients = 5, ClientSubnet = "198.18.0.0/29" }.Validate().Should().BeEmpty();
        new LabSettings { Clients = 5, ClientSubnet = "198.18.0.0/29", ProbeClient = true }.Validate()
            .Should().ContainSingle().Which.Should().Contain("and the latency probe client need 7");
    }

    [Test]
    public void Environment_variables_override_the_file()
    {
        var settings = Load(("NBDD_Lab__Clients", "50"), ("NBDD_Download__TimeoutSeconds", "7.5"), ("OTHER_Lab__Clients", "3"));

        settings.Lab.Clients.Should().Be(50);
        settings.Download.TimeoutSeconds.Should().Be(7.5);
    }

    [TestCase("NBDD_Lab__Clients", "-4", "Lab:Clients is -4")]
    [TestCase("NBDD_Lab__Clients", "ten", "'ten'")]
    [TestCase("NBDD_Lab__ClientSubnet", "10.0.0.0/8", "outside 198.18.0.0/15")]
    [TestCase("NBDD_Lab__ClientSubnet", "198.18.0.0/33", "Lab:ClientSubnet")]
    [TestCase("NBDD_Download__Url", "file:///etc/passwd", "Download:Url is 'file:///etc/passwd'")]
    [TestCase("NBDD_Download__Url", "http://a b/", "Download:Url")]
    [TestCase("NBDD_Download__TimeoutSeconds", "0", "Download:TimeoutSeconds is 0")]
    [TestCase("NBDD_Health__IntervalSeconds", "0", "Health:IntervalSeconds")]
    [TestCase("NBDD_Latency__IntervalMilliseconds", "5", "Latency:IntervalMilliseconds")]
    [TestCase("NBDD_Latency__SampledClients", "0", "Latency:SampledClients")]
    [TestCase("NBDD_Latency__TailSeconds", "-1", "Latency:TailSeconds")]
    [TestCase("NBDD_Lab__Clientz", "5", "Clientz")]
    public void A_bad_value_is_named_with_the_way_to_fix_it(string key, string value, string expected)
    {
        var act = () => Load((key, value));

        act.Should().Throw<SettingsException>()
            .Which.Message.Should().Contain(expected).And.Contain("NBDD_<Section>__<Key>");
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var act = () => Load(("NBDD_Lab__Clients", "0"), ("NBDD_Download__TimeoutSeconds", "-1"));

        act.Should().Throw<SettingsException>().Which.Problems.Should().HaveCount(2);
    }

    [TestCase(null, Drivers.Downloads.DownloadEngineKind.Wget)]
    [TestCase("Native", Drivers.Downloads.DownloadEngineKind.Native)]
    [TestCase("native", Drivers.Downloads.DownloadEngineKind.Native)]
    public void The_download_engine_defaults_to_wget_and_can_be_set(string? value, Drivers.Downloads.DownloadEngineKind expected)
    {
        var settings = value is null ? Load() : Load(("NBDD_Download__Engine", value));

        settings.Download.EngineKind.Should().Be(expected);
    }
}
