namespace NetnsBdd.Drivers.Health;

/// <summary>
/// Cumulative jiffies of one <c>/proc/stat</c> cpu line. Guest time is left out because the
/// kernel already counts it inside user and nice.
/// </summary>
public readonly record struct CpuTicks(long User, long Nice, long System, long Idle, long IoWait, long Irq, long SoftIrq, long Steal)
{
    // iowait counts as idle: the core was free to run something else.
    public long IdleTotal => Idle + IoWait;

    public long Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;

    public long Busy => Total - IdleTotal;
}
