namespace NetnsBdd.Drivers.Health;

public readonly record struct CoreTicks(int Cpu, CpuTicks Ticks);
