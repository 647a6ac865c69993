namespace NetnsBdd.Support.Reports;

/// <summary>One size for every chart, large enough to read 64 client labels, small enough to attach by the dozen.</summary>
internal static class ChartSize
{
    public const int Width = 1100;
    public const int Height = 560;
}
