namespace NetnsBdd.Support.Settings;

/// <summary>`Reports` section: where a run's results go.</summary>
public sealed class ReportSettings
{
    public const string SectionPath = "Reports";

    /// <summary>Relative paths are under the folder `dotnet test` runs from.</summary>
    public string OutputDirectory { get; set; } = "results";

    public IReadOnlyList<string> Validate() =>
        string.IsNullOrWhiteSpace(OutputDirectory) || OutputDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0
            ? [$"{SectionPath}:OutputDirectory is '{OutputDirectory}'; give a folder path, e.g. results."]
            : [];
}
