using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class HealthSettingsTests
{
    [Test]
    public void The_defaults_match_appsettings_and_are_valid()
    {
        var settings = new HealthSettings();

        settings.Validate().Should().BeEmpty();
        HealthMonitorOptions.From(settings).Interval.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Test]
    public void Names_every_bad_setting()
    {
        var settings = new HealthSettings { IntervalSeconds = 0, DiskPath = "data" };

        settings.Validate().Should().Equal(
            "Health:IntervalSeconds must be between 0.1 and 60 seconds but is 0.",
            "Health:DiskPath must be an absolute path but is \"data\".");
    }

    [Test]
    public void Refuses_to_build_monitor_options_from_invalid_settings()
    {
        var act = () => HealthMonitorOptions.From(new HealthSettings { DiskPath = " " });

        act.Should().Throw<InvalidOperationException>().WithMessage("Invalid health settings: Health:DiskPath must name*");
    }
}
