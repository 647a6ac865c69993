namespace NetnsBdd.Drivers.Health;

public sealed record LoadAverage(double OneMinute, double FiveMinutes, double FifteenMinutes);
