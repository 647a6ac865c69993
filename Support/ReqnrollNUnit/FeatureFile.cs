using System.Globalization;
using System.Text;
using Gherkin;
using Gherkin.CucumberMessages;
using Io.Cucumber.Messages.Types;
using Reqnroll;
using Reqnroll.Formatters.RuntimeSupport;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>
/// One .feature file as Reqnroll's generated code-behind would see it: the Cucumber messages the runtime's formatters
/// need (source, Gherkin document, pickles, built here at run time with Gherkin 35 instead of read from an embedded
/// resource), the <see cref="Reqnroll.FeatureInfo"/>, and one <see cref="Scenario"/> per pickle. A file that does not
/// parse has no scenarios and a <see cref="ParseError"/> naming file, line and column.
/// </summary>
public sealed class FeatureFile : IFeatureLevelCucumberMessages
{
    private readonly List<Pickle> _pickles = [];

    private FeatureFile(string uri, string text)
    {
        Uri = uri;
        Source = new Source(uri, text, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN);
        FixtureName = NameAfter(Path.GetFileNameWithoutExtension(uri));
    }

    /// <summary>The path relative to the features' root folder, with '/': the Cucumber messages URI.</summary>
    public string Uri { get; }

    public Source Source { get; }

    public GherkinDocument? GherkinDocument { get; private set; }

    public IEnumerable<Pickle> Pickles => _pickles;

    public bool HasMessages => GherkinDocument is not null;

    public string? ParseError { get; private set; }

    public FeatureInfo? FeatureInfo { get; private set; }

    public IReadOnlyList<Scenario> Scenarios { get; private set; } = [];

    /// <summary>As Reqnroll.NUnit names the class, "Download.ParallelDownloadFeature" (unparsed: the file name for the title).</summary>
    public string FixtureName { get; private set; }

    /// <summary>Every <c>*.feature</c> under <paramref name="root"/> in ordinal path order; none if it is missing.</summary>
    public static IReadOnlyList<FeatureFile> Discover(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .Select(uri => Load(Path.Combine(root, uri), uri))
                .ToList()
            : [];

    /// <summary>Reads one file: UTF-8 (a BOM is fine) or UTF-16 with a BOM; other bytes are a parse error naming them.</summary>
    public static FeatureFile Load(string path, string uri)
    {
        var bytes = File.ReadAllBytes(path);
        var (text, problem) = Decode(bytes, uri);
        if (problem is not null)
        {
            return new FeatureFile(uri, text) { ParseError = problem };
        }

        return Parse(uri, text);
    }

    /// <summary>Feature text as if read from <paramref name="uri"/>.</summary>
    public static FeatureFile Parse(string uri, string text)
    {
        var file = new FeatureFile(uri, text);
        file.Parse(text);
        return file;
    }

    private void Parse(string text)
    {
        // Ids must be unique across the whole run's messages (the HTML report indexes them all together).
        var ids = new GuidIdGenerator();
        try
        {
            // Parse(string) would read a FILE of that name: text goes through a reader.
            var ast = new Parser().Parse(new StringReader(text));
            GherkinDocument = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, Uri);
        }
        catch (CompositeParserException e)
        {
            ParseError = Failure(e.Errors.First().Location, string.Join(Environment.NewLine, e.Errors.Select(x => x.Message)));
            return;
        }
        catch (ParserException e)
        {
            ParseError = Failure(e.Location, e.Message);
            return;
        }

        if (GherkinDocument.Feature is not { } feature)
        {
            return;
        }

        _pickles.AddRange(new Gherkin.CucumberMessages.Pickles.PickleCompiler(ids).Compile(GherkinDocument));
        var featureTags = Tags(feature.Tags);
        var folder = Path.GetDirectoryName(Uri)?.Replace('\\', '/') ?? "";
        FeatureInfo = new FeatureInfo(new CultureInfo(feature.Language), folder, feature.Name, feature.Description,
            ProgrammingLanguage.CSharp, featureTags, this);
        FixtureName = NameAfter(feature.Name);
        Scenarios = ScenarioBuilder.Build(feature, _pickles, featureTags);
    }

    private string NameAfter(string title) =>
        string.Join('.', (Path.GetDirectoryName(Uri) ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Identifier.Of).Append(Identifier.Of(title) + "Feature"));

    private string Failure(Gherkin.Ast.Location? location, string message) => Failure(Uri, location?.Line ?? 0, location?.Column ?? 0, message);

    private static string Failure(string uri, int line, int column, string message) =>
        $"The feature file {uri} does not parse at line {line}, column {column}: {message}{Environment.NewLine}" +
        "Fix the Gherkin there; until then none of its scenarios can run.";

    internal static string[] Tags(IEnumerable<Tag> tags) => tags.Select(t => t.Name.TrimStart('@')).Distinct().ToArray();

    private static (string Text, string? Problem) Decode(byte[] bytes, string uri)
    {
        Encoding encoding = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var skip = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            encoding = new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: false, throwOnInvalidBytes: true);
            skip = 2;
        }

        const string Fix = "save it as UTF-8 (or UTF-16 with a byte-order mark).";
        try
        {
            var text = encoding.GetString(bytes, skip, bytes.Length - skip);
            var nul = text.IndexOf('\0', StringComparison.Ordinal);
            return nul < 0 ? (text, null) : ("", At(uri, bytes, skip + nul, $"the file contains NUL characters, as UTF-16 without a byte-order mark does; {Fix}"));
        }
        catch (DecoderFallbackException e)
        {
            var offset = skip + Math.Max(e.Index, 0);
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? string.Join(' ', unknown.Select(b => $"0x{b:X2}")) : "?";
            return ("", At(uri, bytes, offset, $"the file is not valid {encoding.WebName} (byte(s) {bad} at offset {offset}); {Fix}"));
        }
    }

    private static string At(string uri, byte[] bytes, int offset, string message)
    {
        var end = Math.Min(offset, bytes.Length);
        var line = 1 + bytes.AsSpan(0, end).Count((byte)'\n');
        return Failure(uri, line, end - bytes.AsSpan(0, end).LastIndexOf((byte)'\n'), message);
    }
}
