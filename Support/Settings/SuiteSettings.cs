using Microsoft.Extensions.Configuration;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Settings;

namespace NetnsBdd.Support.Settings;

/// <summary>
/// Every setting of a run: appsettings.json beside the test assembly, overridden by environment variables
/// <c>NBDD_&lt;Section&gt;__&lt;Key&gt;</c> (e.g. <c>NBDD_Lab__Clients=50</c>), validated as a whole so one run
/// reports every bad value at once, before anything is built.
/// </summary>
public sealed class SuiteSettings
{
    public const string EnvironmentPrefix = "NBDD_";

    public LabSettings Lab { get; init; } = new();

    public DownloadSettings Download { get; init; } = new();

    public HealthSettings Health { get; init; } = new();

    public ReportSettings Reports { get; init; } = new();

    public LatencySettings Latency { get; init; } = new();

    public FleetSettings Fleet { get; init; } = new();

    /// <param name="directory">Where appsettings.json is; the test assembly's folder by default.</param>
    /// <param name="environment">Overrides instead of the process environment (for tests).</param>
    public static SuiteSettings Load(string? directory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var path = Path.Combine(directory ?? AppContext.BaseDirectory, "appsettings.json");
        var builder = new ConfigurationBuilder().AddJsonFile(path, optional: true, reloadOnChange: false);
        if (environment is null)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }
        else
        {
            builder.AddInMemoryCollection(environment
                .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
                .Select(e => KeyValuePair.Create(e.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e.Value)));
        }

        IConfiguration configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            throw new SettingsException([$"{path} could not be read as JSON: {e.Message}"]);
        }

        var problems = new List<string>();
        var settings = new SuiteSettings
        {
            Lab = Bind<LabSettings>(configuration, "Lab", problems),
            Download = Bind<DownloadSettings>(configuration, DownloadSettings.SectionPath, problems),
            Health = Bind<HealthSettings>(configuration, HealthSettings.SectionPath, problems),
            Reports = Bind<ReportSettings>(configuration, ReportSettings.SectionPath, problems),
            Latency = Bind<LatencySettings>(configuration, LatencySettings.SectionPath, problems),
            Fleet = Bind<FleetSettings>(configuration, FleetSettings.SectionPath, problems),
        };
        if (problems.Count == 0)
        {
            problems.AddRange(settings.Lab.Validate());
            problems.AddRange(settings.Download.Validate());
            problems.AddRange(settings.Health.Validate());
            problems.AddRange(settings.Reports.Validate());
            problems.AddRange(settings.Latency.Validate());
            problems.AddRange(settings.Fleet.Validate());
        }

        return problems.Count == 0 ? settings : throw new SettingsException(problems);
    }

    private static T Bind<T>(IConfiguration configuration, string section, List<string> problems)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the target type ("Failed to convert configuration value '-x' at
            // 'Lab:Clients' to type 'System.Int32'"), or lists keys no setting has (a typo).
            problems.Add($"{section}: {e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")}");
            return new T();
        }
    }
}
