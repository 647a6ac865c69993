namespace NetnsBdd.Tests;

/// <summary>
/// The checkout the test assembly was built from (the folder holding NetnsBdd.csproj above bin/), for tests that keep
/// a file of the source tree true (docs pages, golden files) and rewrite it on request where git sees the change.
/// </summary>
internal static class SourceTree
{
    /// <summary>The checkout's root, or null when the assembly runs from elsewhere (a publish copied off the tree).</summary>
    public static string? TryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NetnsBdd.csproj")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName;
    }

    public static string Root => TryRoot()
        ?? throw new InvalidOperationException($"NetnsBdd.csproj not found above the test assembly ({AppContext.BaseDirectory}): run the tests from a checkout.");
}
