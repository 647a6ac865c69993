using System.Globalization;
using System.Net;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// dnsmasq (Debian package dnsmasq-base: the binary, no system service) as the embedded router's DHCP server, bound to
/// the clients' bridge inside the router namespace, with DNS off (--port=0), no config file, and its lease and pid
/// files in the run folder. It stays in the foreground as a child of the suite, so the owner can stop it.
/// </summary>
internal static class DhcpServer
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(10);

    public static async Task<BackgroundProcess> StartAsync(
        LabHost host, LabNames names, Ipv4Subnet subnet, IPAddress gateway, int clients, int leaseSeconds,
        Func<BackgroundProcess, BackgroundProcess> register, CancellationToken cancellationToken)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var range = string.Create(CultureInfo.InvariantCulture,
            $"{subnet.Host(2)},{subnet.Host(subnet.HostCount)},{subnet.Mask},{leaseSeconds}");
        var command = host.InNamespace(names.RouterNamespace, new Command("dnsmasq",
        [
            "--keep-in-foreground",
            "--conf-file=/dev/null",
            "--port=0",
            "--log-facility=-",
            $"--interface={names.Bridge}",
            "--bind-interfaces",
            "--except-interface=lo",
            $"--dhcp-range={range}",
            $"--dhcp-option=option:router,{gateway}",
            "--dhcp-authoritative",
            // Without it dnsmasq pings each address before offering it, adding seconds per client.
            "--no-ping",
            $"--dhcp-lease-max={Math.Max(clients * 2, 1000)}",
            $"--dhcp-leasefile={Path.Combine(names.RunFolder, RunId.Prefix + "-dnsmasq.leases")}",
            $"--pid-file={Path.Combine(names.RunFolder, RunId.Prefix + "-dnsmasq.pid")}",
        ])
        {
            OnErrorLine = line =>
            {
                if (line.Contains("DHCP, IP range", StringComparison.Ordinal))
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
            $"dnsmasq did not report its DHCP range within {ReadyLimit.TotalSeconds:0} s. Command: {command}");
    }
}
