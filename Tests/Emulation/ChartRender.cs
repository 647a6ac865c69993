using NetnsBdd.Support.Reports;
using NetnsBdd.Tests.Reports;

namespace NetnsBdd.Tests.Emulation;

/// <summary>
/// `NetnsBdd chart FOLDER`: renders a scenario's charts (per-client throughput, throughput over time, health) from
/// sample data into FOLDER and checks each is a decodable PNG of a sensible size: the SkiaSharp/HarfBuzz native
/// assets and the fonts of the machine it runs on, end to end. Exit code 0 when every chart rendered.
/// </summary>
internal static class ChartRender
{
    public const string Verb = "chart";

    public static int Run(string[] args, TextWriter output)
    {
        if (args is not [var folder] || string.IsNullOrWhiteSpace(folder))
        {
            Console.Error.WriteLine($"usage: {Verb} FOLDER");
            return 2;
        }

        Directory.CreateDirectory(folder);
        var written = ScenarioArtifacts.Write(folder, new ScenarioReport("Four clients share 40 Mbit/s", "Passed")
        {
            Download = ReportData.FourClients(),
            Health = ReportData.Health(6, withTemperature: true),
            ShapedRateMbps = 40,
        });
        var charts = written.Where(p => p.EndsWith(".png", StringComparison.Ordinal)).ToArray();
        var bad = 0;
        foreach (var chart in charts)
        {
            using var bitmap = Png.HasSignature(chart) ? Png.Decode(chart) : null;
            var ok = bitmap is { Width: >= 200, Height: >= 100 };
            bad += ok ? 0 : 1;
            output.WriteLine($"{(ok ? "chart ok" : "chart BAD")} {chart}: {bitmap?.Width ?? 0}x{bitmap?.Height ?? 0} px, {new FileInfo(chart).Length} bytes");
        }

        output.WriteLine($"charts: {charts.Length - bad} rendered, {bad} bad");
        return charts.Length >= 3 && bad == 0 ? 0 : 1;
    }
}
