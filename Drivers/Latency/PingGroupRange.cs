namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// ICMP datagram ("ping") sockets, ICMPv6 ones too despite the name, are allowed only to groups in
/// <c>net.ipv4.ping_group_range</c>, which is per network namespace and "1 0" (nobody) in a new one. Written from a thread inside the namespace, where /proc/sys/net
/// shows that namespace's values; the setting goes with the namespace when the lab deletes it.
/// </summary>
internal static class PingGroupRange
{
    public const string Path = "/proc/sys/net/ipv4/ping_group_range";

    /// <summary>Lets every group open ping sockets; call on a thread that has entered the namespace.</summary>
    public static void AllowEveryone()
    {
        try
        {
            File.WriteAllText(Path, "0 2147483647");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"Could not allow ICMP echo sockets in this namespace ({Path}: {e.Message}); the latency probes need root. " +
                "Run the suite with sudo, or turn the probes off with Latency:Enabled=false.", e);
        }
    }
}
