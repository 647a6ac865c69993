using SkiaSharp;

namespace NetnsBdd.Tests.Reports;

/// <summary>What a test can check of a chart without looking at it.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(string path)
    {
        var head = new byte[Signature.Length];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == head.Length && head.AsSpan().SequenceEqual(Signature);
    }

    /// <summary>Decodes the file; null when it is no image.</summary>
    public static SKBitmap? Decode(string path) => SKBitmap.Decode(path);

    /// <summary>Pixels of exactly this colour: a bar's or a legend swatch's fill, untouched by anti-aliasing.</summary>
    public static int CountPixels(string path, ScottPlot.Color wanted)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not an image");
        // All pixels in one call: a native GetPixel per pixel cost over a minute per chart under qemu.
        return bitmap.Pixels.Count(c => c.Red == wanted.Red && c.Green == wanted.Green && c.Blue == wanted.Blue);
    }
}
