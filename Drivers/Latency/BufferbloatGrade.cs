namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// The DSLReports/LibreQoS bufferbloat grade of the latency a load adds (loaded median − idle median):
/// A+ below 5 ms, A below 30, B below 60, C below 200, D below 400, F from 400 on. Ordered best first.
/// </summary>
public enum BufferbloatGrade
{
    APlus,
    A,
    B,
    C,
    D,
    F,
}

public static class BufferbloatGrades
{
    /// <summary>The grade of <paramref name="addedMs"/> of added latency; a load that lowered latency grades A+.</summary>
    public static BufferbloatGrade Of(double addedMs) => addedMs switch
    {
        double.NaN => throw new ArgumentOutOfRangeException(nameof(addedMs), addedMs, "No added latency to grade: no probe was answered."),
        < 5 => BufferbloatGrade.APlus,
        < 30 => BufferbloatGrade.A,
        < 60 => BufferbloatGrade.B,
        < 200 => BufferbloatGrade.C,
        < 400 => BufferbloatGrade.D,
        _ => BufferbloatGrade.F,
    };

    /// <summary>As the graders print it: "A+", "A", … "F".</summary>
    public static string Name(this BufferbloatGrade grade) => grade == BufferbloatGrade.APlus ? "A+" : grade.ToString();

    /// <summary>Reads "A+", "A", "B", "C", "D" or "F" (any case).</summary>
    public static BufferbloatGrade Parse(string text)
    {
        var match = Enum.GetValues<BufferbloatGrade>().Where(g => string.Equals(g.Name(), text?.Trim(), StringComparison.OrdinalIgnoreCase)).ToArray();
        return match.Length == 1
            ? match[0]
            : throw new ArgumentException($"'{text}' is not a bufferbloat grade; use one of A+, A, B, C, D, F.", nameof(text));
    }
}
