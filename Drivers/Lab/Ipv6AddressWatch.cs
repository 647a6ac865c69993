using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using NetnsBdd.Drivers.Namespaces;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Watches the IPv6 addresses of many client namespaces without a process per look: /proc/thread-self/net/if_inet6 is
/// opened once inside each namespace (the open file keeps showing that namespace's table) and read again from offset 0
/// every <see cref="PollInterval"/>. 50 clients polled for 2 s cost 2000 small reads, where `ip addr` would cost 2000
/// forks.
/// </summary>
internal sealed class Ipv6AddressWatch : IDisposable
{
    /// <summary>Short against duplicate-address detection's 1 s, so the recorded time is the kernel's, not the poll's.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private const string ProcPath = "/proc/thread-self/net/if_inet6";

    private const string RoutePath = "/proc/thread-self/net/ipv6_route";

    private readonly SafeFileHandle[] _files;
    private readonly SafeFileHandle[] _routes;
    private readonly string[] _namespaces;

    private Ipv6AddressWatch(string[] namespaces, SafeFileHandle[] files, SafeFileHandle[] routes) =>
        (_namespaces, _files, _routes) = (namespaces, files, routes);

    public static async Task<Ipv6AddressWatch> OpenAsync(IReadOnlyList<string> namespaces)
    {
        var opened = await NamespaceSockets.OpenAsync(namespaces, _ => new Pair(File.OpenHandle(ProcPath), File.OpenHandle(RoutePath))).ConfigureAwait(false);
        var failed = opened.Select((o, i) => (o.Error, Name: namespaces[i])).FirstOrDefault(o => o.Error is not null);
        if (failed.Error is not null)
        {
            foreach (var (pair, _) in opened)
            {
                pair?.Addresses.Dispose();
                pair?.Routes.Dispose();
            }

            throw new LabSetupException(
                $"Cannot read the IPv6 addresses of namespace {failed.Name} ({ProcPath}: {failed.Error.Message}); is IPv6 " +
                "disabled on this host (ipv6.disable=1 on the kernel command line)? The IPv6 steps need it.");
        }

        return new Ipv6AddressWatch([.. namespaces], [.. opened.Select(o => o.Item!.Addresses)], [.. opened.Select(o => o.Item!.Routes)]);
    }

    private sealed record Pair(SafeFileHandle Addresses, SafeFileHandle Routes);

    /// <summary>The addresses of the <paramref name="index"/>th namespace now.</summary>
    public IReadOnlyList<Inet6Address> Read(int index) =>
        IfInet6Parser.Parse(ReadAll(_files[index]), $"{ProcPath} in {_namespaces[index]}");

    /// <summary>
    /// The router the <paramref name="index"/>th namespace's default IPv6 route points to on <paramref name="device"/>
    /// (learnt from a router advertisement: a link-local address, with the interface as its scope); null without one.
    /// </summary>
    public System.Net.IPAddress? DefaultGateway(int index, string device)
    {
        // /proc/net/ipv6_route: destination, its length, source, its length, next hop, metric, refcount, use, flags, device.
        foreach (var line in ReadAll(_routes[index]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 10 && f[9] == device && f[1] == "00" && f[0].All(c => c == '0') && !f[4].All(c => c == '0') &&
                f[4].Length == 32 && f[4].All(char.IsAsciiHexDigit))
            {
                var gateway = new System.Net.IPAddress(Convert.FromHexString(f[4]));
                var scope = Read(index).FirstOrDefault(a => a.Device == device)?.InterfaceIndex ?? 0;
                return gateway.IsIPv6LinkLocal ? new System.Net.IPAddress(gateway.GetAddressBytes(), scope) : gateway;
            }
        }

        return null;
    }

    private static string ReadAll(SafeFileHandle file)
    {
        var text = new StringBuilder();
        var buffer = new byte[16384];
        long offset = 0;
        int read;
        while ((read = RandomAccess.Read(file, buffer, offset)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            offset += read;
        }

        return text.ToString();
    }

    /// <summary>
    /// Waits until <paramref name="wanted"/> finds an address of <paramref name="device"/> that is usable (duplicate-address
    /// detection done), and returns it with the moment it was seen; null at <paramref name="deadline"/> (a Stopwatch
    /// timestamp). An address whose detection failed ends the wait at once, with it.
    /// </summary>
    public async Task<(Inet6Address Address, long SeenAt)?> WaitAsync(
        int index, string device, Func<Inet6Address, bool> wanted, long deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var match = Read(index).Where(a => a.Device == device && wanted(a)).OrderBy(a => a.IsUsable ? 0 : a.HasFailedDad ? 1 : 2).FirstOrDefault();
            if (match is not null && (match.IsUsable || match.HasFailedDad))
            {
                return (match, now);
            }

            if (now >= deadline)
            {
                return null;
            }

            var left = Stopwatch.GetElapsedTime(now, deadline);
            await Task.Delay(left < PollInterval ? left : PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The usable link-local address of <paramref name="device"/> now (scope-less, as filters and logs name it); null without one.</summary>
    public System.Net.IPAddress? LinkLocal(int index, string device) =>
        Read(index).FirstOrDefault(a => a.Device == device && a.IsLinkLocal && a.IsUsable)?.Address;

    /// <summary>What the namespace's <paramref name="device"/> has, for an error message: "none" or the addresses with their state.</summary>
    public string Describe(int index, string device)
    {
        var addresses = Read(index).Where(a => a.Device == device).ToArray();
        return addresses.Length == 0 ? "no IPv6 address at all (is IPv6 disabled on the link?)"
            : string.Join(", ", addresses.Select(a => string.Create(CultureInfo.InvariantCulture,
                $"{a.Address}/{a.PrefixLength} ({(a.IsLinkLocal ? "link-local" : a.IsGlobal ? "global" : "scope " + a.Scope)}, {(a.HasFailedDad ? "duplicate found" : a.IsUsable ? "usable" : "tentative")})")));
    }

    public void Dispose()
    {
        foreach (var file in _files.Concat(_routes))
        {
            file.Dispose();
        }
    }
}
