using System.Globalization;

namespace NetnsBdd.Drivers.Soak;

/// <summary>A fault to cause <see cref="At"/> into the soak, lasting <see cref="For"/>.</summary>
public sealed record LabFault(LabFaultKind Kind, TimeSpan At, TimeSpan For)
{
    public static LabFault Create(LabFaultKind kind, double atSeconds, double forSeconds)
    {
        if (atSeconds is < 0 or > 7 * 24 * 3600 || double.IsNaN(atSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(atSeconds), atSeconds, $"A fault at {atSeconds} s into the soak is not allowed: use 0 s to 7 days.");
        }

        if (forSeconds is <= 0 or > 24 * 3600 || double.IsNaN(forSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(forSeconds), forSeconds, $"A fault lasting {forSeconds} s is not allowed: use more than 0 s and at most a day.");
        }

        return new LabFault(kind, TimeSpan.FromSeconds(atSeconds), TimeSpan.FromSeconds(forSeconds));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind} for {For.TotalSeconds:0.###} s at {At.TotalSeconds:0.###} s into the soak");
}
