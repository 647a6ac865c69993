using ScottPlot;
using SkiaSharp;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// The font charts are drawn with. SkiaSharp's Linux build looks for fonts under /usr/share/fonts only; on a host
/// with none it draws every label, tick and title as nothing, silently. <see cref="Warning"/> says so for the hooks
/// to print.
/// </summary>
public static class ChartFont
{
    /// <summary>The Debian package that gives the preferred font, named in the warning.</summary>
    public const string FontPackage = "fonts-dejavu-core";

    // Sans first: ScottPlot's automatic choice on Debian is DejaVu Serif, which reads worse at tick-label sizes.
    private static readonly string[] Preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "FreeSans", "Open Sans"];

    private static readonly Lazy<string?> Resolved = new(Resolve);

    /// <summary>The family used, or null when the host has no usable font.</summary>
    public static string? Family => Resolved.Value;

    public static string? Warning => Family is null
        ? $"No font found for chart text, so charts will have no labels; install one, e.g. `apt-get install {FontPackage}`"
        : null;

    public static void Apply(Plot plot)
    {
        if (Family is { } family)
        {
            plot.Font.Set(family);
        }
    }

    private static string? Resolve()
    {
        var families = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var preferred = Preferred.FirstOrDefault(families.Contains);
        if (preferred is not null)
        {
            return preferred;
        }

        // With no font file at all SkiaSharp still lists one family, an empty one with no glyphs.
        using var fallback = SKTypeface.Default;
        return fallback.GlyphCount > 0 && !string.IsNullOrEmpty(fallback.FamilyName) ? fallback.FamilyName : null;
    }
}
