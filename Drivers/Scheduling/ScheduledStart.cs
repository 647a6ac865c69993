using System.Globalization;

namespace NetnsBdd.Drivers.Scheduling;

/// <summary>
/// A parallel start at a wall-clock instant (Download:StartAt), so several hosts on one router start together: the
/// host refuses an instant that has passed or a clock the kernel does not call synchronised (or whose error bound is
/// larger than the policy allows), and otherwise waits until shortly before the instant, when the clients are got
/// ready; the start gate then holds their release until the instant itself.
/// </summary>
public sealed class ScheduledStart(IKernelClock clock, ClockPolicy policy, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses an ISO-8601 instant that says its offset (<c>2026-12-02T03:00:00Z</c> or <c>...+01:00</c>); a local time
    /// without one is refused, since each host would read it in its own time zone.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset instant)
    {
        instant = default;
        var trimmed = text.Trim();
        var hasOffset = trimmed.EndsWith('Z') || trimmed.EndsWith('z') ||
                        (trimmed.Length > 6 && trimmed[^6] is '+' or '-' && trimmed[^3] == ':');
        return hasOffset && trimmed.Contains('T', StringComparison.OrdinalIgnoreCase) &&
               DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant);
    }

    /// <summary>Throws <see cref="StartAtException"/> naming the instant, the clock status and the fix when this host must not start at it.</summary>
    /// <param name="what">Where the instant came from, e.g. "Download:StartAt".</param>
    /// <param name="local">Only this host starts at the instant: its clock need not agree with anyone's.</param>
    public void Check(DateTimeOffset instant, string what, bool local = false)
    {
        var now = _time.GetUtcNow();
        if (instant <= now)
        {
            throw new StartAtException(
                $"{what} {Format(instant)} has passed: it is {Format(now)} on this host, {Number((now - instant).TotalSeconds)} s later. " +
                "Give an instant in the future (the CI's first job computes one a few minutes ahead), or leave it empty to start at once; " +
                "a run of several scenarios needs Download:StartPeriodSeconds longer than its longest scenario, so each scenario gets an instant of its own.");
        }

        if (policy.AllowUnsynchronised || local)
        {
            return;
        }

        var status = clock.Read();
        if (!status.IsSynchronised)
        {
            throw new StartAtException(
                $"This host's clock is not synchronised ({status}), so a start at {what} {Format(instant)} would not line up with other hosts. " +
                "Enable NTP (e.g. `timedatectl set-ntp true` with systemd-timesyncd, or chrony) and wait until `timedatectl` says " +
                "'System clock synchronized: yes'; or, only when every run shares this machine's clock, set Fleet:AllowUnsynchronisedClock=true.");
        }

        if (status.MaxErrorMilliseconds > policy.MaxErrorMilliseconds)
        {
            throw new StartAtException(
                $"This host's clock may be off by up to {Number(status.MaxErrorMilliseconds)} ms ({status}), more than Fleet:MaxClockErrorMs = {Number(policy.MaxErrorMilliseconds)} ms, " +
                $"so a start at {what} {Format(instant)} could miss the other hosts' by that much. Let the NTP daemon settle (or use a closer NTP server), or raise Fleet:MaxClockErrorMs.");
        }
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Waits until <paramref name="lead"/> before <paramref name="instant"/> (at once if that has passed).</summary>
    public async Task WaitUntilAsync(DateTimeOffset instant, TimeSpan lead, CancellationToken cancellationToken)
    {
        var wait = instant - lead - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
