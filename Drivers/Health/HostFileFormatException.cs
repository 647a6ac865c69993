using System.Globalization;

namespace NetnsBdd.Drivers.Health;

/// <summary>
/// A host file did not have the format its parser expects. The message names the file,
/// the 1-based line (0 when the problem is not on one line) and what was expected versus found,
/// because these errors end up in a test log read by someone who cannot see the Pi.
/// </summary>
public sealed class HostFileFormatException : FormatException
{
    private const int MaxFoundLength = 80;

    public HostFileFormatException(string path, int lineNumber, string expected, string found)
        : base(BuildMessage(path, lineNumber, expected, found))
    {
        Path = path;
        LineNumber = lineNumber;
        Expected = expected;
        Found = found;
    }

    public string Path { get; }

    public int LineNumber { get; }

    public string Expected { get; }

    public string Found { get; }

    private static string BuildMessage(string path, int lineNumber, string expected, string found)
    {
        var where = lineNumber > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{path} line {lineNumber}")
            : path;
        var shown = found.Length > MaxFoundLength ? found[..MaxFoundLength] + "..." : found;
        return $"{where}: expected {expected} but found '{shown}'";
    }
}
