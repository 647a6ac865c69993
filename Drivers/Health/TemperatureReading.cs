namespace NetnsBdd.Drivers.Health;

/// <summary>One thermal zone, named by its sysfs <c>type</c> (e.g. <c>cpu-thermal</c> on a Pi).</summary>
public sealed record TemperatureReading(string Zone, double Celsius);
