using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

/// <summary>
/// A fake host whose <c>/proc</c> and <c>/sys</c> are a recorded fixture folder. Single files can be
/// replaced (to break them), removed, or made to change between reads (CPU counters must advance).
/// </summary>
internal sealed class FixtureHostFiles : IHostFiles
{
    private readonly string _root;
    private readonly Dictionary<string, Func<string>> _overrides = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);

    public FixtureHostFiles(string root) => _root = root;

    public FixtureHostFiles With(string hostPath, string content)
    {
        _overrides[hostPath] = () => content;
        return this;
    }

    /// <summary>Successive reads return successive contents; the last one repeats.</summary>
    public FixtureHostFiles WithSequence(string hostPath, params string[] contents)
    {
        var next = 0;
        _overrides[hostPath] = () => contents[Math.Min(next++, contents.Length - 1)];
        return this;
    }

    /// <summary>Read number n (from 0) returns <paramref name="generate"/>(n).</summary>
    public FixtureHostFiles WithGenerated(string hostPath, Func<int, string> generate)
    {
        var next = 0;
        _overrides[hostPath] = () => generate(next++);
        return this;
    }

    public FixtureHostFiles Without(string hostPath)
    {
        _removed.Add(hostPath);
        return this;
    }

    public string ReadAllText(string path)
    {
        if (_overrides.TryGetValue(path, out var content) && !_removed.Contains(path))
        {
            return content();
        }

        // Report the host path, as the real file system would, not the fixture folder.
        var fixturePath = ToFixturePath(path);
        if (_removed.Contains(path) || !File.Exists(fixturePath))
        {
            throw new FileNotFoundException($"Could not find file '{path}'.", path);
        }

        return File.ReadAllText(fixturePath);
    }

    public bool Exists(string path) =>
        !_removed.Contains(path) && (_overrides.ContainsKey(path) || File.Exists(ToFixturePath(path)));

    public IEnumerable<string> EnumerateDirectories(string path, string searchPattern)
    {
        var directory = ToFixturePath(path);
        return Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory, searchPattern).Select(d => path.TrimEnd('/') + "/" + Path.GetFileName(d))
            : [];
    }

    private string ToFixturePath(string hostPath) => Path.Combine(_root, hostPath.TrimStart('/'));
}
