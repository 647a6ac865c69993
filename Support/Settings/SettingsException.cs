namespace NetnsBdd.Support.Settings;

/// <summary>A configuration value is wrong: names the key, the value, what is expected, and where to change it.</summary>
public sealed class SettingsException(string key, string? value, string expected)
    : Exception(
        $"Setting {key} = '{value}' is invalid: expected {expected}. " +
        $"Change it in appsettings.json or override it with the environment variable NBDD_{key.Replace(":", "__", StringComparison.Ordinal)}.")
{
    public string Key { get; } = key;
}
