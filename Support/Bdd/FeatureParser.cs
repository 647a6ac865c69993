using System.Text;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// Parses .feature text with the Gherkin package and compiles it to pickles. Never throws for bad Gherkin: the
/// returned document carries a <see cref="FeatureParseError"/> so the run can fail exactly one test for that file.
/// </summary>
public static class FeatureParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="filePath"/> and <paramref name="uri"/> only name it.</summary>
    public static FeatureDocument Parse(string text, string filePath, string? uri = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        uri ??= filePath.Replace('\\', '/');

        // A fresh generator per file keeps pickle ids stable however many files are parsed, in whatever order.
        var ids = new IncrementingIdGenerator();
        try
        {
            // Parse(string) would read a FILE named by the string; text goes through a reader.
            var ast = new Parser().Parse(new StringReader(text));
            var document = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, uri);
            var pickles = document.Feature is null ? [] : new PickleCompiler(ids).Compile(document);
            return new FeatureDocument(filePath, uri, text, document, pickles, null);
        }
        catch (CompositeParserException e)
        {
            return Failed(text, filePath, uri, e.Errors.First(), string.Join(Environment.NewLine, e.Errors.Select(x => x.Message)));
        }
        catch (ParserException e)
        {
            return Failed(text, filePath, uri, e, e.Message);
        }
    }

    /// <summary>
    /// Reads and parses one file; <paramref name="root"/> makes the URI relative. The file must be UTF-8 (a BOM is
    /// fine) or UTF-16 with a BOM; anything else fails that file's test naming the byte, instead of running steps
    /// whose text was silently replaced with U+FFFD.
    /// </summary>
    public static FeatureDocument ParseFile(string path, string? root = null)
    {
        var uri = root is null ? Path.GetFileName(path) : Path.GetRelativePath(root, path).Replace('\\', '/');
        var bytes = File.ReadAllBytes(path);
        return Decode(bytes, out var text) is { } problem
            ? new FeatureDocument(path, uri, "", null, [], new FeatureParseError(uri, problem.Line, problem.Column, problem.Message))
            : Parse(text, path, uri);
    }

    private static (int Line, int Column, string Message)? Decode(byte[] bytes, out string text)
    {
        text = "";
        Encoding encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var skip = 0;
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            skip = 3;
        }
        else if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            encoding = new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: false, throwOnInvalidBytes: true);
            skip = 2;
        }

        try
        {
            text = encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            var offset = skip + Math.Max(e.Index, 0);
            var (line, column) = Position(bytes, offset);
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? string.Join(' ', unknown.Select(b => $"0x{b:X2}")) : "?";
            return (line, column, $"the file is not valid {encoding.WebName} (byte(s) {bad} at offset {offset}); " +
                                  "save it as UTF-8 (or UTF-16 with a byte-order mark).");
        }

        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            var (line, column) = Position(bytes, skip + nul);
            return (line, column, "the file contains NUL characters, as UTF-16 without a byte-order mark does; " +
                                  "save it as UTF-8 (or UTF-16 with a byte-order mark).");
        }

        return null;
    }

    /// <summary>1-based line and column of a byte offset, counting newline bytes (good enough to find the spot).</summary>
    private static (int Line, int Column) Position(byte[] bytes, int offset)
    {
        var end = Math.Min(offset, bytes.Length);
        var line = 1 + bytes.AsSpan(0, end).Count((byte)'\n');
        var lastNewline = bytes.AsSpan(0, end).LastIndexOf((byte)'\n');
        return (line, end - lastNewline);
    }

    /// <summary>Every <c>*.feature</c> under <paramref name="directory"/>, in a stable (ordinal path) order; none if it is missing.</summary>
    /// <param name="uriRoot">URIs are relative to this; default: the parent of <paramref name="directory"/> ("Features/x.feature").</param>
    public static IReadOnlyList<FeatureDocument> Discover(string directory, string? uriRoot = null)
    {
        uriRoot ??= Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)) ?? directory;
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory, "*.feature", SearchOption.AllDirectories)
            .OrderBy(p => Path.GetRelativePath(directory, p).Replace('\\', '/'), StringComparer.Ordinal)
            .Select(p => ParseFile(p, uriRoot))
            .ToList();
    }

    private static FeatureDocument Failed(string text, string filePath, string uri, ParserException first, string message)
    {
        var error = new FeatureParseError(uri, first.Location?.Line ?? 0, first.Location?.Column ?? 0, message);
        return new FeatureDocument(filePath, uri, text, null, [], error);
    }
}
