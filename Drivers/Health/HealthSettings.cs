namespace NetnsBdd.Drivers.Health;

/// <summary>The <c>Health</c> section of appsettings.json.</summary>
public sealed class HealthSettings
{
    public const string SectionPath = "Health";

    // Below this the sampler's own cost starts to show in the CPU figures it reports.
    public const double MinimumIntervalSeconds = 0.1;

    // Above this a 60 s download would get too few samples to show anything.
    public const double MaximumIntervalSeconds = 60;

    public double IntervalSeconds { get; set; } = 2;

    public string DiskPath { get; set; } = "/";

    /// <returns>One sentence per problem, naming the setting; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (double.IsNaN(IntervalSeconds) || IntervalSeconds < MinimumIntervalSeconds || IntervalSeconds > MaximumIntervalSeconds)
        {
            errors.Add(FormattableString.Invariant(
                $"{SectionPath}:IntervalSeconds must be between {MinimumIntervalSeconds} and {MaximumIntervalSeconds} seconds but is {IntervalSeconds}."));
        }

        if (string.IsNullOrWhiteSpace(DiskPath))
        {
            errors.Add($"{SectionPath}:DiskPath must name a path whose file system to measure, e.g. \"/\", but is empty.");
        }
        else if (!Path.IsPathFullyQualified(DiskPath))
        {
            errors.Add($"{SectionPath}:DiskPath must be an absolute path but is \"{DiskPath}\".");
        }

        return errors;
    }

    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid health settings: " + string.Join(" ", errors));
        }
    }
}
