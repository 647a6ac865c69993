using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

[TestFixture]
[Category("unit")]
public sealed class StartGateTests
{
    [Test]
    public void The_last_arrival_opens_the_gate_and_runs_every_release_action_in_order()
    {
        using var gate = new StartGate(3, TimeSpan.FromMinutes(1));
        var order = new List<int>();
        gate.OnRelease(() => order.Add(1));
        gate.OnRelease(() => order.Add(2));

        gate.Arrive();
        gate.Leave();
        gate.IsOpen.Should().BeFalse("one client is still on its way");
        gate.Arrive();

        gate.IsOpen.Should().BeTrue();
        gate.Released.IsCompletedSuccessfully.Should().BeTrue();
        gate.Arrived.Should().Be(2);
        gate.OpenedByLimit.Should().BeFalse();
        order.Should().Equal(1, 2);
    }

    [Test]
    public async Task A_runs_wall_clock_origin_is_anchored_on_the_release_instant_whatever_the_clock_read_at_its_start()
    {
        using var gate = new StartGate(1, TimeSpan.FromMinutes(1));
        var elapsed = TimeSpan.FromSeconds(6);
        var skewed = DateTimeOffset.UtcNow.AddMilliseconds(-30) - elapsed;

        gate.AnchorOrigin(skewed, elapsed).Should().Be(skewed, "before the release there is nothing to anchor on");
        gate.Arrive();
        var released = await gate.Released;

        (gate.AnchorOrigin(skewed, elapsed) + elapsed).Should().Be(released, "a gated client's start is the gate's own release instant");
    }

    [Test]
    public void An_action_added_after_the_release_runs_at_once()
    {
        using var gate = new StartGate(1, TimeSpan.FromMinutes(1));
        gate.Arrive();
        var ran = false;

        gate.OnRelease(() => ran = true);

        ran.Should().BeTrue();
    }

    [Test]
    public async Task A_client_that_never_arrives_cannot_hold_the_others_past_the_limit()
    {
        using var gate = new StartGate(2, TimeSpan.FromMilliseconds(200));
        gate.Arrive();

        await gate.Released.WaitAsync(TimeSpan.FromSeconds(5));

        gate.OpenedByLimit.Should().BeTrue();
        gate.Arrived.Should().Be(1);
    }
}
