using NetnsBdd.Drivers.Downloads;
using System.Net.Sockets;
using NetnsBdd.Drivers.Latency;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// Runs a soak: round after round of one parallel download of every client (<see cref="DownloadManager"/>, start
/// gate and all), each round appended to rounds.ndjson and printed as one line the moment it ends; the router watch
/// probing throughout; faults caused at their time. Rounds keep only their summary, so memory stays flat however
/// long it runs.
/// </summary>
public sealed class SoakDriver(TextWriter progress)
{
    /// <summary>
    /// Raised after each round is on disk (e.g. for a test to kill the process at a known point). On the soak's
    /// thread, so handlers must be quick.
    /// </summary>
    public event Action<SoakRound>? RoundEnded;

    /// <summary>Starts the soak; <paramref name="started"/> gets its <see cref="SoakRun"/> at once, so a caller that
    /// fails half-way (or is cancelled) still has the rounds so far.</summary>
    public async Task<SoakRun> RunAsync(SoakSetup setup, CancellationToken cancellationToken, Action<SoakRun>? started = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ProbeClock? clock = null;
        RouterWatch? watch = null;
        if (setup.WatchFrom is { } from && setup.Server is { } server)
        {
            // The soak's clock starts when the watch does, once the router answers (see RouterWatch.ReadyLimit).
            (watch, var ready) = await RouterWatch.StartAsync(from, server, setup.WatchInterval, () => clock = new ProbeClock()).ConfigureAwait(false);
            progress.WriteLine(FormattableString.Invariant($"[SOAK] router watch from {from.Namespace}: gateway {from.Gateway} and server {server} answered after {ready.TotalSeconds:0.###} s; probing every {setup.WatchInterval.TotalMilliseconds:0} ms"));
        }
        else
        {
            clock = new ProbeClock();
            progress.WriteLine("[SOAK] no router watch: the lab has no probe client (Latency:Enabled=false)");
        }

        using var log = new RoundLog(setup.Folder);
        var run = new SoakRun(setup.Schedule, clock!.OriginWall, log.Path);
        started?.Invoke(run);
        progress.WriteLine($"[SOAK] {setup.Clients.Count} clients, {setup.Schedule}; each round appended to {log.Path}");

        using var faultsEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var faults = setup.Faults.Select(f => CauseAsync(f, clock, run, faultsEnd.Token))
            .Concat(setup.Leases.Where(c => c.BoundAt is not null && c.LeaseSeconds is > 0 && c.DhcpServer is not null)
                .Select(c => RenewAsync(c, clock, run, faultsEnd.Token)))
            .ToArray();
        run.LeasedClients = setup.Leases.Count(c => c.BoundAt is not null && c.LeaseSeconds is > 0 && c.DhcpServer is not null);
        try
        {
            for (var number = 1; ; number++)
            {
                if (setup.Schedule.Rounds is { } rounds && number > rounds)
                {
                    break;
                }

                var slot = setup.Schedule.SlotSeconds(number);
                if (setup.Schedule.Duration is { } duration && Math.Max(slot, clock.Now) >= duration.TotalSeconds)
                {
                    break;
                }

                if (slot > clock.Now)
                {
                    await Task.Delay(TimeSpan.FromSeconds(slot - clock.Now), cancellationToken).ConfigureAwait(false);
                }

                var began = clock.Now;
                // A start instant (Download:StartAt, a fleet's slot) releases the first round; the rest follow the schedule.
                var request = number == 1 ? setup.Request : setup.Request with { StartAt = null };
                var download = await setup.Manager.StartParallelDownloadAsync(setup.Clients, request, cancellationToken).ConfigureAwait(false);
                var round = SoakRound.From(number, began, download, clock.SecondsAt);
                log.Append(round);
                run.Add(round);
                progress.WriteLine(round.Describe(setup.Schedule.Rounds));
                RoundEnded?.Invoke(round);
            }

            // A soak "for a minute" lasts the minute: the watch and the lease renewals go on to its end.
            if (setup.Schedule.Duration is { } length && length.TotalSeconds > clock.Now)
            {
                await Task.Delay(TimeSpan.FromSeconds(length.TotalSeconds - clock.Now), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await faultsEnd.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(faults).ConfigureAwait(false);
            run.FaultsNotReached = [.. setup.Faults.Select(f => f.Fault).Where(f => run.Faults.All(e => e.Fault != f))];
            if (watch is not null)
            {
                run.Watch = await watch.StopAsync().ConfigureAwait(false);
                await watch.DisposeAsync().ConfigureAwait(false);
            }

            run.EndSeconds = clock.Now;
            foreach (var fault in run.Faults)
            {
                progress.WriteLine($"[FAULT] {fault}");
            }

            foreach (var outage in run.Outages)
            {
                var hit = run.Rounds.Where(r => r.Overlaps(outage.StartSeconds, outage.EndSeconds)).ToArray();
                var failed = hit.SelectMany(r => r.Failures).GroupBy(f => f.Outcome, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
                progress.WriteLine($"[WATCH] {outage}; rounds in flight: {(hit.Length == 0 ? "none" : string.Join(", ", hit.Select(r => r.Number)) + $" (failed clients: {string.Join(", ", failed.DefaultIfEmpty("none"))})")}");
            }

            progress.WriteLine(run.Summary.ToString());
        }

        return run;
    }

    /// <summary>
    /// Renews one client's lease at each T1 (half the lease after it was bound or last renewed) until the soak ends;
    /// after a failed renewal it stops: the failure is what the soak reports (a real client would go on to rebind).
    /// </summary>
    private async Task RenewAsync(Lab.LabClient client, ProbeClock clock, SoakRun run, CancellationToken soakEnding)
    {
        var renewedAt = clock.SecondsAt(client.BoundAt!.Value);
        var lease = (double)client.LeaseSeconds!.Value;
        try
        {
            while (true)
            {
                var due = renewedAt + lease / 2;
                if (due > clock.Now)
                {
                    await Task.Delay(TimeSpan.FromSeconds(due - clock.Now), soakEnding).ConfigureAwait(false);
                }

                var result = await LeaseRenewal.RenewAsync(client, clock.Now, TimeSpan.FromSeconds(10), soakEnding).ConfigureAwait(false);
                run.Add(result);
                progress.WriteLine($"[DHCP] {result}");
                if (!result.Renewed)
                {
                    return;
                }

                renewedAt = result.AtSeconds;
                lease = result.LeaseSeconds ?? lease;
            }
        }
        catch (OperationCanceledException)
        {
            // The soak ended before the next renewal was due.
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException or IOException)
        {
            run.Add(new RenewalResult(client.Namespace, clock.Now, false, client.Address.ToString(), null, 0, $"could not send the renewal: {e.Message}"));
        }
    }

    /// <summary>
    /// Causes one fault at its time and ends it after its length, or at once when the soak ends first; never throws
    /// (a fault that cannot be caused is recorded with its error, and the steps judging it fail saying so).
    /// </summary>
    private async Task CauseAsync(ScheduledFault scheduled, ProbeClock clock, SoakRun run, CancellationToken soakEnding)
    {
        var fault = scheduled.Fault;
        try
        {
            var wait = fault.At.TotalSeconds - clock.Now;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), soakEnding).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await scheduled.Begin(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            run.Add(new FaultEvent(fault, clock.Now, null, $"could not cause it: {e.Message}"));
            return;
        }

        var began = clock.Now;
        progress.WriteLine(FormattableString.Invariant($"[FAULT] {fault.Kind} began {began:0.000} s into the soak, for {fault.For.TotalSeconds:0.###} s"));
        try
        {
            await Task.Delay(fault.For, soakEnding).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The soak ended first: end the fault now, so the lab is whole for the steps after it.
        }

        try
        {
            // Not cancellable: a link left down would outlive the soak.
            await scheduled.End(CancellationToken.None).ConfigureAwait(false);
            run.Add(new FaultEvent(fault, began, clock.Now, null));
        }
        catch (Exception e)
        {
            run.Add(new FaultEvent(fault, began, null, $"could not end it: {e.Message}"));
        }
    }
}
