using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>Colours shared by the charts, chosen to stay apart for the common colour-vision deficiencies.</summary>
internal static class ChartPalette
{
    public static readonly Color Ok = Color.FromHex("#1b7837");
    public static readonly Color Interrupted = Color.FromHex("#e08214");
    public static readonly Color Failed = Color.FromHex("#b2182b");
    public static readonly Color Throughput = Color.FromHex("#2166ac");
    public static readonly Color Limit = Color.FromHex("#555555");
    public static readonly Color Cpu = Color.FromHex("#2166ac");
    public static readonly Color Ram = Color.FromHex("#1b7837");
    public static readonly Color Temperature = Color.FromHex("#b2182b");
    public static readonly Color SuiteCpu = Color.FromHex("#e08214");
    public static readonly Color Download = Color.FromHex("#bababa");
    public static readonly Color RouterLink = Color.FromHex("#762a83");

    public static Color Of(ClientOutcome outcome) => outcome switch
    {
        ClientOutcome.Ok => Ok,
        ClientOutcome.Interrupted => Interrupted,
        _ => Failed,
    };
}
