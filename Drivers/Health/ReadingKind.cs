namespace NetnsBdd.Drivers.Health;

public enum ReadingKind
{
    Cpu,
    Temperature,
    Memory,
    Disk,
    Load,
    CpuFrequency,
    Throttling,
    Network,
    Suite,
}
