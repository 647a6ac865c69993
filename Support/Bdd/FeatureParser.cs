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

    /// <summary>Reads and parses one file; <paramref name="root"/> makes the URI relative.</summary>
    public static FeatureDocument ParseFile(string path, string? root = null)
    {
        var uri = root is null ? Path.GetFileName(path) : Path.GetRelativePath(root, path).Replace('\\', '/');
        return Parse(File.ReadAllText(path), path, uri);
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
