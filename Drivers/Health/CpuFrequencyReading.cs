namespace NetnsBdd.Drivers.Health;

public sealed record CpuFrequencyReading(int Cpu, double Megahertz);
