namespace NetnsBdd.Support.Reports;

/// <summary>
/// Where a relative Reports:OutputDirectory lives. `dotnet test` runs the test host inside bin/…/net10.0, where
/// results would be lost on the next build; they belong beside the project a QA engineer ran the command in.
/// </summary>
public static class ResultsRoot
{
    public const string ProjectFile = "NetnsBdd.csproj";

    public static string Resolve(string outputDirectory, string? startFolder = null)
    {
        if (Path.IsPathRooted(outputDirectory))
        {
            return outputDirectory;
        }

        var start = startFolder ?? AppContext.BaseDirectory;
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, ProjectFile)))
            {
                return Path.Combine(folder.FullName, outputDirectory);
            }
        }

        return Path.Combine(start, outputDirectory);
    }
}
