using System.Globalization;
using System.Net;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// dnsmasq (Debian package dnsmasq-base: the binary, no system service) as the embedded router's address server, bound
/// to the clients' bridge inside the router namespace, with DNS off (--port=0), no config file, and its lease and pid
/// files in the run folder: DHCPv4 when the clients lease their IPv4 address, and for IPv6 router advertisements of the
/// run's ULA /64 (autonomous flag on for SLAAC; "managed" with a DHCPv6 range for DHCPv6), as a home router's dnsmasq
/// does. It stays in the foreground as a child of the suite, so the owner can stop it.
/// </summary>
internal static class DhcpServer
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(10);

    public static async Task<BackgroundProcess> StartAsync(
        LabHost host, LabNames names, Ipv4Subnet? subnet, IPAddress gateway, int clients, int leaseSeconds,
        (UlaPrefix Prefix, Ipv6Addressing Addressing)? ipv6,
        Func<BackgroundProcess, BackgroundProcess> register, CancellationToken cancellationToken)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // What dnsmasq prints once each part is set up: the IPv4 range, the IPv6 range, the advertisements.
        var awaited = new List<string>();
        var arguments = new List<string>
        {
            "--keep-in-foreground",
            "--conf-file=/dev/null",
            "--port=0",
            "--log-facility=-",
            $"--interface={names.Bridge}",
            "--bind-interfaces",
            "--except-interface=lo",
            "--dhcp-authoritative",
            $"--dhcp-lease-max={Math.Max(clients * 2, 1000)}",
            $"--dhcp-leasefile={Path.Combine(names.RunFolder, RunId.Prefix + "-dnsmasq.leases")}",
            $"--pid-file={Path.Combine(names.RunFolder, RunId.Prefix + "-dnsmasq.pid")}",
        };
        if (subnet is not null)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture,
                $"--dhcp-range={subnet.Host(2)},{subnet.Host(subnet.HostCount)},{subnet.Mask},{leaseSeconds}"));
            arguments.Add($"--dhcp-option=option:router,{gateway}");
            // Without it dnsmasq pings each address before offering it, adding seconds per client.
            arguments.Add("--no-ping");
            awaited.Add("DHCP, IP range");
        }

        if (ipv6 is { } six)
        {
            arguments.Add("--enable-ra");
            if (six.Addressing == Ipv6Addressing.Dhcpv6)
            {
                var (low, high) = six.Prefix.Dhcpv6Range;
                arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--dhcp-range={low},{high},{UlaPrefix.SubnetPrefixLength},{leaseSeconds}"));
                awaited.Add("DHCPv6, IP range");
            }
            else
            {
                arguments.Add($"--dhcp-range={six.Prefix.ClientNetwork},ra-only,{UlaPrefix.SubnetPrefixLength}");
            }

            awaited.Add("router advertisement on");
        }

        var pending = awaited.Count;
        var command = host.InNamespace(names.RouterNamespace, new Command("dnsmasq", arguments)
        {
            OnErrorLine = line =>
            {
                if (awaited.Any(marker => line.Contains(marker, StringComparison.Ordinal)) && Interlocked.Decrement(ref pending) == 0)
                {
                    ready.TrySetResult();
                }
            },
        });

        var process = register(BackgroundProcess.Start(host.Runner, command));
        var exited = process.Completion;
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(ReadyLimit, cancellationToken)).ConfigureAwait(false);
        if (first == ready.Task)
        {
            return process;
        }

        if (first == exited)
        {
            var result = await exited.ConfigureAwait(false);
            throw new LabSetupException(
                $"dnsmasq exited at start with code {result.ExitCode}: {result.StandardError.Trim()}. Command: {command}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new LabSetupException(
            $"dnsmasq did not report its address service ({string.Join(", ", awaited)}) within {ReadyLimit.TotalSeconds:0} s. Command: {command}");
    }
}
