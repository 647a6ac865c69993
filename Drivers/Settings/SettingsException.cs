namespace NetnsBdd.Drivers.Settings;

/// <summary>Configuration values are wrong: lists every problem and where to change them.</summary>
public sealed class SettingsException(IReadOnlyList<string> problems)
    : Exception(
        "Invalid NetnsBdd settings:" + System.Environment.NewLine +
        string.Join(System.Environment.NewLine, problems.Select(p => "  - " + p)) + System.Environment.NewLine +
        "Fix them in appsettings.json, or override one with an environment variable: NBDD_<Section>__<Key> " +
        "(e.g. NBDD_Lab__Clients=50, NBDD_Download__TimeoutSeconds=30).")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
