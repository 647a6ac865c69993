namespace NetnsBdd.Drivers.Latency;

/// <summary>The IETF responsiveness draft's classes of RPM: Poor below 300, Fair to 1000, Good to 6000, Excellent from 6000.</summary>
public enum ResponsivenessClass
{
    Poor,
    Fair,
    Good,
    Excellent,
}

public static class ResponsivenessClasses
{
    public static ResponsivenessClass Of(double rpm) => rpm switch
    {
        double.NaN => throw new ArgumentOutOfRangeException(nameof(rpm), rpm, "No responsiveness to classify: no probe was answered."),
        < 300 => ResponsivenessClass.Poor,
        < 1000 => ResponsivenessClass.Fair,
        < 6000 => ResponsivenessClass.Good,
        _ => ResponsivenessClass.Excellent,
    };
}
