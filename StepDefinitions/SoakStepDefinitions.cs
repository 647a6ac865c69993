using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Soak;
using NetnsBdd.Support.Reports;
using NetnsBdd.Support;
using Reqnroll;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class SoakStepDefinitions(
    ScenarioCancellation cancellation, LabDriver lab, DownloadPlan plan, DownloadManager manager, SoakContext soak, ScenarioFolder folder)
{
    [Given("the router's LAN link goes down for {int} second(s) at {int} second(s) into the soak")]
    [StepHelp("Embedded lab only: that far into the soak the router's LAN side (the clients' bridge) goes down for that long, then comes back, as a LAN port losing its link. Clients in flight stall and meet their timeout. Refused in uplink mode.")]
    public void GivenTheLanLinkGoesDown(int seconds, int at) => soak.Add(LabFault.Create(LabFaultKind.LanLinkDown, at, seconds));

    [Given("the download server stops for {int} second(s) at {int} second(s) into the soak")]
    [StepHelp("Embedded lab only: that far into the soak the lab's download server stops (its ports close: clients meet ConnectionRefused) and starts again after that long. Not with https. Refused in uplink mode.")]
    public void GivenTheServerStops(int seconds, int at) => soak.Add(LabFault.Create(LabFaultKind.ServerDown, at, seconds));

    [Given("the router's DHCP server stops for {int} second(s) at {int} second(s) into the soak")]
    [StepHelp("Embedded lab with DHCP clients only: that far into the soak the router's DHCP server (dnsmasq) stops, and starts again after that long with its leases; a lease renewal due meanwhile gets no answer and is reported. Refused in uplink mode.")]
    public void GivenTheDhcpServerStops(int seconds, int at) => soak.Add(LabFault.Create(LabFaultKind.DhcpServerDown, at, seconds));

    [When("all clients download in rounds for {int} minute(s)")]
    [StepHelp("A soak: rounds back to back for that long (no round starts after it; the one in flight finishes), each round one parallel download of every client as in \"all clients start parallel download\" (start gate, timeout) without its latency probes. Each round is appended to rounds.ndjson in the scenario's results folder as it ends (fsync'd) and printed as one line; the router watch probes the gateway and the server every 250 ms from the probe client, which downloads nothing.")]
    public Task WhenRoundsForMinutes(int minutes) => Soak(SoakSchedule.For(TimeSpan.FromMinutes(minutes)));

    [When("all clients download in rounds every {int} second(s) for {int} minute(s)")]
    [StepHelp("As above, a round starting every that many seconds (a round that overruns its slot makes the next one start at once).")]
    public Task WhenRoundsEvery(int every, int minutes) => Soak(SoakSchedule.For(TimeSpan.FromMinutes(minutes), TimeSpan.FromSeconds(every)));

    [When("all clients download in rounds every {int} second(s) for {int} second(s)")]
    [StepHelp("As above, for that many seconds.")]
    public Task WhenRoundsEveryForSeconds(int every, int seconds) => Soak(SoakSchedule.For(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(every)));

    [When("all clients download {int} rounds")]
    [StepHelp("A soak of that many rounds back to back (see \"download in rounds for\").")]
    public Task WhenRounds(int rounds) => Soak(SoakSchedule.ForRounds(rounds));

    [Then("every round completed")]
    [StepHelp("In every round of the soak every client got the whole file within its timeout.")]
    public void ThenEveryRoundCompleted() =>
        soak.Run.Rounds.Where(r => !r.Completed).Select(Describe).Should().BeEmpty("every round of the soak should complete");

    [Then("no round's goodput fell below {int}% of the first round's")]
    [StepHelp("Every round's goodput (file bytes from the first response to the last client's end) was at least that share of round 1's; a round without a response counts 0. Catches a router that slows down as it heats up or fills a table.")]
    public void ThenNoRoundFellBelow(int percent)
    {
        var first = soak.Run.Rounds.Should().NotBeEmpty("the soak must have run a round").And.Subject.First().GoodputMbps
            ?? throw new InvalidOperationException("Round 1 had no goodput (no client got a response), so there is nothing to compare with.");
        soak.Run.Rounds.Where(r => (r.GoodputMbps ?? 0) < first * percent / 100).Select(Describe)
            .Should().BeEmpty($"no round may fall below {percent}% of round 1's {first:0.#} Mbit/s");
    }

    [Then("the router was never unreachable for more than {int} second(s)")]
    [StepHelp("No outage the router watch saw (consecutive probes to the gateway or the server unanswered) lasted longer than that.")]
    public void ThenNeverUnreachableFor(int seconds) =>
        RequireWatch().Outages.Where(o => o.Seconds > seconds).Select(o => o.ToString())
            .Should().BeEmpty($"the router should never be unreachable for more than {seconds} s");

    [Then("there was no outage")]
    [StepHelp("The router watch got an answer to every probe of the gateway and the server during the whole soak.")]
    public void ThenNoOutage() => RequireWatch().Outages.Select(o => o.ToString()).Should().BeEmpty("the router watch should see no outage");

    [Then("the router watch reported the fault's outage within {double} second(s) of its start and length")]
    [StepHelp("For every fault caused (e.g. the LAN link down), the router watch saw one outage overlapping it whose start and length are each within that many seconds of the fault's own (taken when the commands that caused and ended it returned).")]
    public void ThenTheWatchReportedTheFault(double seconds)
    {
        foreach (var fault in RequireFaults(soak.Run))
        {
            var outage = soak.Run.OutagesDuring(fault).Should().ContainSingle($"one outage should overlap {fault}; the watch saw: {string.Join("; ", RequireWatch().Outages)}").Subject;
            outage.StartSeconds.Should().BeApproximately(fault.BeganSeconds, seconds, $"{outage} should start when {fault}");
            outage.Seconds.Should().BeApproximately(fault.SecondsOr(soak.Run.EndSeconds ?? 0), seconds, $"{outage} should last as long as {fault}");
        }
    }

    [Then("the rounds the fault hit failed with outcome {DownloadOutcome}")]
    [StepHelp("At least one round was in flight (from its start gate's release to its last client's end) while a fault lasted, every such round failed, and every client that failed in them ended with that outcome.")]
    public void ThenTheHitRoundsFailed(DownloadOutcome outcome)
    {
        var hit = HitRounds(soak.Run).Should().NotBeEmpty("the fault should hit a round; rounds: {0}", string.Join("; ", soak.Run.Rounds.Select(Describe))).And.Subject.ToArray();
        hit.Where(r => r.Completed).Select(Describe).Should().BeEmpty("a round the fault hit should fail");
        hit.SelectMany(r => r.Failures.Where(f => f.Outcome != outcome.ToString()).Select(f => $"round {r.Number}: {f}"))
            .Should().BeEmpty($"every client that failed during the fault should end with {outcome}");
    }

    [Then("every round the fault did not hit completed")]
    [StepHelp("Every round that was not in flight while a fault lasted (before it, and after the lab was whole again) completed.")]
    public void ThenTheOtherRoundsCompleted()
    {
        var hit = HitRounds(soak.Run).Select(r => r.Number).ToHashSet();
        soak.Run.Rounds.Where(r => !hit.Contains(r.Number) && !r.Completed).Select(Describe)
            .Should().BeEmpty("rounds outside the fault should complete");
    }

    [Then("every client renewed its DHCP lease")]
    [StepHelp("Every client with a DHCP lease (the watching probe client too) renewed it at T1, half the lease after it was bound, with a unicast DHCPREQUEST from its own address as a client in RENEWING state sends, and the router acknowledged the same address each time. Inconclusive when no renewal fell due within the soak (leases longer than twice the soak).")]
    public void ThenEveryClientRenewed()
    {
        soak.Run.LeasedClients.Should().BeGreaterThan(0, "only clients that got their address by DHCP have a lease to renew");
        HostCapability.Require(soak.Run.Renewals.Count > 0 ? (int?)soak.Run.Renewals.Count : null, $"no lease renewal fell due within the {soak.Run.EndSeconds:0} s soak; shorten the leases (\"the router's DHCP leases last 120 seconds\") or soak longer");
        soak.Run.Renewals.Where(r => !r.Renewed).Select(r => r.ToString()).Should().BeEmpty("the router should renew every lease at T1");
        soak.Run.Renewals.Select(r => r.Client).Distinct().Should().HaveCount(soak.Run.LeasedClients, "every leased client's renewal fell due within the soak");
    }

    private async Task Soak(SoakSchedule schedule)
    {
        var run = await soak.RunAsync(lab, plan, manager, schedule, folder.Path, TestContext.Progress, cancellation.Token);
        run.Rounds.Should().NotBeEmpty("a soak runs at least one round");
    }

    private RouterWatchResult RequireWatch() => soak.Run.Watch ?? throw new InvalidOperationException(
        "The router was not watched: the lab had no probe client (Latency:Enabled=false turns it off). Turn the latency probes on for soak scenarios.");

    private static IReadOnlyList<FaultEvent> RequireFaults(SoakRun run)
    {
        run.FaultsNotReached.Select(f => f.ToString()).Should().BeEmpty($"every fault should happen within the soak, which ended {run.EndSeconds:0.#} s in");
        run.Faults.Where(f => f.Error is not null).Select(f => f.ToString()).Should().BeEmpty("every fault should be caused and ended");
        return run.Faults.Should().NotBeEmpty("a fault step must come before the soak").And.Subject.ToArray();
    }

    private static IReadOnlyList<SoakRound> HitRounds(SoakRun run)
    {
        RequireFaults(run);
        return run.RoundsHitByFaults();
    }

    private static string Describe(SoakRound round) => round.Describe(null) +
        (round.Failures.Count > 0 ? " | " + string.Join("; ", round.Failures.Take(5).Select(f => $"{f.Client} {f.Outcome} {f.Bytes} bytes {f.Detail}")) : "");
}
