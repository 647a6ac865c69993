namespace NetnsBdd.Support.Settings;

/// <summary>`Reports` section: where a run's results go.</summary>
public sealed class ReportSettings
{
    /// <summary>Relative paths are under the folder `dotnet test` runs from.</summary>
    public string OutputDirectory { get; set; } = "results";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory) || OutputDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw new SettingsException("Reports:OutputDirectory", OutputDirectory, "a folder path");
        }
    }
}
