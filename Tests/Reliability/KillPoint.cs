namespace NetnsBdd.Tests.Reliability;

/// <summary>Where a kill test signalled its child: the phase asked for, the delay into it, and what happened.</summary>
internal sealed record KillPoint(string Signal, string Window, TimeSpan Delay)
{
    public string PhaseAtKill { get; set; } = "";

    public int ExitCode { get; set; }

    public string Reaped { get; set; } = "-";

    public IReadOnlyList<string> Leftovers { get; set; } = [];

    public override string ToString() =>
        $"{Signal,-7} {Window,-8} +{Delay.TotalMilliseconds,5:0} ms  phase at kill: {PhaseAtKill,-9} exit {ExitCode,3}  reaped: {Reaped,-6}  leftovers: {Leftovers.Count}";
}
