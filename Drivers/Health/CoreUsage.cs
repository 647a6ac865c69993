namespace NetnsBdd.Drivers.Health;

public sealed record CoreUsage(int Cpu, double Percent);
