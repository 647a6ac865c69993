namespace NetnsBdd.Drivers.Health;

/// <summary>Where Linux and the Raspberry Pi firmware publish the readings.</summary>
public static class HostPaths
{
    public const string ProcStat = "/proc/stat";
    public const string MemInfo = "/proc/meminfo";
    public const string LoadAvg = "/proc/loadavg";
    public const string ProcNetDev = "/proc/net/dev";
    public const string ThermalRoot = "/sys/class/thermal";
    public const string CpuRoot = "/sys/devices/system/cpu";

    /// <summary>Raspberry Pi firmware driver's throttle word (Pi 4 device tree path).</summary>
    public const string PiThrottled = "/sys/devices/platform/soc/soc:firmware/get_throttled";
}
