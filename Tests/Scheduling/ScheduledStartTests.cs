using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Scheduling;
using NetnsBdd.Drivers.Settings;
using NetnsBdd.Support.Settings;
using NetnsBdd.Support;

namespace NetnsBdd.Tests.Scheduling;

[TestFixture]
[Category("unit")]
public sealed class ScheduledStartTests
{
    private static readonly DateTimeOffset Soon = DateTimeOffset.UtcNow.AddMinutes(5);

    [Test]
    public void An_instant_that_has_passed_is_refused_naming_it_and_the_time_now()
    {
        var past = DateTimeOffset.UtcNow.AddSeconds(-30);
        var act = () => new ScheduledStart(FixedClock.Synchronised, new ClockPolicy()).Check(past, "Download:StartAt");

        act.Should().Throw<StartAtException>()
            .WithMessage($"Download:StartAt {ScheduledStart.Format(past)} has passed: it is *on this host*Give an instant in the future*");
    }

    [Test]
    public void An_unsynchronised_clock_is_refused_with_the_kernel_status_and_the_fix()
    {
        var clock = FixedClock.Unsynchronised;
        var act = () => new ScheduledStart(clock, new ClockPolicy()).Check(Soon, "Download:StartAt");

        act.Should().Throw<StartAtException>()
            .WithMessage("This host's clock is not synchronised (kernel NTP status unsynchronised (adjtimex state 5 TIME_ERROR, STA_UNSYNC set, maximum error 16000 ms))*timedatectl set-ntp true*Fleet:AllowUnsynchronisedClock=true*");
        clock.Reads.Should().Be(1);
    }

    [Test]
    public void A_synchronised_clock_with_too_large_an_error_bound_is_refused()
    {
        var clock = new FixedClock(new KernelClockStatus(0, false, 80_000));
        var act = () => new ScheduledStart(clock, new ClockPolicy(MaxErrorMilliseconds: 50)).Check(Soon, "Download:StartAt");

        act.Should().Throw<StartAtException>().WithMessage("This host's clock may be off by up to 80 ms*more than Fleet:MaxClockErrorMs = 50 ms*");
    }

    [Test]
    public void A_synchronised_clock_within_the_bound_starts_and_a_shared_clock_may_skip_the_check()
    {
        new ScheduledStart(FixedClock.Synchronised, new ClockPolicy()).Check(Soon, "Download:StartAt");
        var unsynchronised = FixedClock.Unsynchronised;
        new ScheduledStart(unsynchronised, new ClockPolicy(AllowUnsynchronised: true)).Check(Soon, "Download:StartAt");
        unsynchronised.Reads.Should().Be(0);
    }

    [Test]
    public void This_hosts_kernel_clock_status_can_be_read()
    {
        // Whatever this machine says (this CI VM: TIME_ERROR, STA_UNSYNC, 16 s), it must be one of the kernel's states.
        var status = new KernelClock().Read();
        TestContext.Out.WriteLine(status.ToString());
        status.State.Should().BeInRange(0, 5);
        status.MaxErrorMicroseconds.Should().BeInRange(0, 16_000_000 + 1_000_000, "the kernel caps maxerror at NTP_PHASE_LIMIT (16 s)");
        if (status.State == KernelClockStatus.TimeError)
        {
            status.IsSynchronised.Should().BeFalse();
        }
    }

    [TestCase("2026-12-02T03:00:00", TestName = "A_start_instant_without_an_offset_is_refused")]
    [TestCase("03:00", TestName = "A_start_time_without_a_date_is_refused")]
    [TestCase("tomorrow", TestName = "A_start_word_is_refused")]
    public void Start_instants_must_say_their_offset(string text)
    {
        ScheduledStart.TryParse(text, out _).Should().BeFalse();
        var problems = new DownloadSettings { StartAt = text }.Validate();
        problems.Should().ContainSingle().Which.Should().Contain($"Download:StartAt is '{text}'").And.Contain("2026-12-02T03:00:00Z");
        var plan = new DownloadPlan(new DownloadSettings());
        plan.Invoking(p => p.StartAtFrom(text)).Should().Throw<ArgumentException>().WithMessage($"The start instant '{text}' is not an ISO-8601 instant*");
    }

    [Test]
    public void Start_instants_with_an_offset_are_read_as_utc()
    {
        ScheduledStart.TryParse("2026-12-02T04:00:00+01:00", out var at).Should().BeTrue();
        at.Should().Be(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        ScheduledStart.TryParse("2026-12-02T03:00:00.250Z", out var z).Should().BeTrue();
        z.UtcDateTime.Should().Be(new DateTime(2026, 12, 2, 3, 0, 0, 250, DateTimeKind.Utc));
    }

    [Test]
    public void A_passed_start_instant_in_the_settings_stops_the_run_before_anything_is_built()
    {
        var act = () => SuiteSettings.Load(AppContext.BaseDirectory, new Dictionary<string, string?> { ["NBDD_Download__StartAt"] = "2020-01-01T00:00:00Z" });

        act.Should().Throw<SettingsException>().WithMessage("*Download:StartAt 2020-01-01T00:00:00.000Z has passed*");
    }

    [TestCase("pi 01", TestName = "A_host_name_with_a_space_is_refused")]
    [TestCase("pi/01", TestName = "A_host_name_with_a_slash_is_refused")]
    [TestCase("-pi", TestName = "A_host_name_starting_with_a_dash_is_refused")]
    [TestCase("../etc", TestName = "A_host_name_with_dots_is_refused")]
    public void Host_names_are_refused_naming_the_allowed_characters(string host)
    {
        new FleetSettings { Host = host }.Validate().Should().ContainSingle()
            .Which.Should().Be($"Fleet:Host is '{host}'; a host name may hold only ASCII letters, digits, '-' and '_', must start with a letter or digit and be 1 to 63 characters long (it names the run folder and the host in a fleet report).");
    }

    [Test]
    public void The_host_name_defaults_to_the_machines_first_label()
    {
        new FleetSettings().EffectiveHost.Should().Be(Environment.MachineName.Split('.')[0]);
        new FleetSettings { Host = "pi-01" }.EffectiveHost.Should().Be("pi-01");
    }

    [Test]
    public async Task The_gate_holds_ready_clients_until_the_instant_and_releases_within_a_few_milliseconds_of_it()
    {
        var at = DateTimeOffset.UtcNow.AddMilliseconds(600);
        using var gate = new StartGate(2, TimeSpan.FromMinutes(1)) { NotBefore = at };
        gate.Arrive();
        gate.Arrive();
        gate.IsOpen.Should().BeFalse("every client is ready, but the instant has not come");

        var released = await gate.Released.WaitAsync(TimeSpan.FromSeconds(5));

        var error = (released - at).TotalMilliseconds;
        TestContext.Out.WriteLine($"release - instant = {error:0.###} ms");
        error.Should().BeGreaterThanOrEqualTo(0, "the gate never opens before the instant")
            .And.BeLessThan(Emulation.Qemu.Stretch(TimeSpan.FromMilliseconds(50)).TotalMilliseconds, "a dedicated thread sleeps to within 10 ms and spins (loose bound: a shared 2-core host)");
    }

    [Test]
    public async Task A_gate_disposed_while_waiting_for_the_instant_opens_at_once()
    {
        var gate = new StartGate(1, TimeSpan.FromMinutes(1)) { NotBefore = DateTimeOffset.UtcNow.AddMinutes(10) };
        gate.Arrive();
        var clock = Stopwatch.StartNew();

        gate.Dispose();

        await gate.Released.WaitAsync(TimeSpan.FromSeconds(2));
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
    }

    [Test]
    public async Task The_manager_refuses_a_passed_instant_before_any_client_starts()
    {
        var manager = new DownloadManager(new WgetEngine(new Drivers.Processes.CommandRunner()), TextWriter.Null)
        {
            Schedule = new ScheduledStart(FixedClock.Synchronised, new ClockPolicy()),
        };
        var request = new DownloadRequest(new Uri("http://198.18.0.1/x"), TimeSpan.FromSeconds(5)) { StartAt = DateTimeOffset.UtcNow.AddSeconds(-1) };
        var act = () => manager.StartParallelDownloadAsync(["nbddnone0c1"], request);

        await act.Should().ThrowAsync<StartAtException>().WithMessage("Download:StartAt * has passed*");
    }

    [Test]
    public void Each_scenario_of_a_run_takes_the_next_slot_of_the_period()
    {
        var first = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);
        var slots = new StartSlots(first, TimeSpan.FromMinutes(2));

        slots.Take().Should().Be((0, first));
        slots.Take().Should().Be((1, first.AddMinutes(2)));
        slots.Take().Should().Be((2, first.AddMinutes(4)));
        new StartSlots(null, TimeSpan.Zero).Take().Should().Be((0, (DateTimeOffset?)null), "without Download:StartAt every scenario starts when ready");
    }

    [Test]
    public void A_negative_start_period_is_refused()
    {
        new DownloadSettings { StartPeriodSeconds = -1 }.Validate().Should().ContainSingle().Which.Should().StartWith("Download:StartPeriodSeconds is -1");
    }

    [Test]
    public void Clients_are_got_ready_long_enough_before_the_instant_but_not_so_long_that_a_server_drops_idle_connections()
    {
        var runner = new Drivers.Processes.CommandRunner();
        DownloadManager.ReadyLead(10, new WgetEngine(runner)).Should().Be(StartGate.LongestHold(10));
        DownloadManager.ReadyLead(500, new WgetEngine(runner)).Should().Be(TimeSpan.FromMinutes(2), "the gate's resolver holds a DNS query that long");
        DownloadManager.ReadyLead(4, new NativeEngine(runner)).Should().Be(TimeSpan.FromSeconds(5.04));
        DownloadManager.ReadyLead(500, new NativeEngine(runner)).Should().Be(TimeSpan.FromSeconds(10), "below Kestrel's 30 s for a request's headers");
    }

    [Test]
    public void The_releasing_thread_can_take_real_time_priority_as_root()
    {
        Emulation.Qemu.SkipIfEmulated("qemu-user answers /proc/<pid>/stat itself, not with the kernel's policy field");
        if (!Drivers.Processes.Privileges.IsRoot)
        {
            Assert.Ignore("SCHED_FIFO needs root (CAP_SYS_NICE)");
        }

        var (set, policy) = (false, -1);
        var thread = new Thread(() =>
        {
            set = Drivers.Processes.Posix.TrySetRealtimeThread();
            policy = ThreadPolicy();
        }) { Name = "rt-probe" };
        thread.Start();
        thread.Join();

        set.Should().BeTrue();
        policy.Should().Be(1, "the calling thread, and only it, runs under SCHED_FIFO");
        ThreadPolicy().Should().Be(0, "the test's own thread stays SCHED_OTHER");
    }

    /// <summary>Field 41 of /proc/thread-self/stat, the calling thread's scheduling policy, counted after the name's ')'.</summary>
    private static int ThreadPolicy()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[41 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
