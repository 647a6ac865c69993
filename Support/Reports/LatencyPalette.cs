using NetnsBdd.Drivers.Latency;
using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>One colour per probe kind, the same in both latency charts.</summary>
internal static class LatencyPalette
{
    public static readonly Color Idle = Color.FromHex("#555555");

    public static Color Of(ProbeKind kind) => kind switch
    {
        ProbeKind.SelfIcmpGateway => Color.FromHex("#92c5de"),
        ProbeKind.SelfIcmpServer => Color.FromHex("#2166ac"),
        ProbeKind.SelfTcpRtt => Color.FromHex("#762a83"),
        ProbeKind.ForeignIcmpGateway => Color.FromHex("#a6dba0"),
        ProbeKind.ForeignIcmpServer => Color.FromHex("#1b7837"),
        _ => Color.FromHex("#e08214"),
    };
}
