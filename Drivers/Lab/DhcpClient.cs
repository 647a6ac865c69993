using System.Diagnostics;
using System.Globalization;
using System.Net;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Takes one DHCP lease inside a client's namespace with udhcpc (Debian package udhcpc, busybox's client): `-q` exits
/// once the lease is bound, so no client daemon outlives setup (leases are long and never renewed). udhcpc applies a
/// lease through a script; ours, written once per run to the run folder, sets the address and default route with
/// `ip` and prints what it applied.
/// </summary>
internal static class DhcpClient
{
    private const string LeaseMarker = "nbdd-lease";

    private const string Script = """
        #!/bin/sh
        # Written by NetnsBdd for one lab run: applies a udhcpc lease inside a client namespace with iproute2.
        case "$1" in
          deconfig)
            ip -4 addr flush dev "$interface"
            ip link set dev "$interface" up
            ;;
          bound|renew)
            ip -4 addr flush dev "$interface"
            ip addr add "$ip/${mask:-24}" dev "$interface"
            gw="${router%% *}"
            if [ -n "$gw" ]; then ip route replace default via "$gw" dev "$interface"; fi
            echo "nbdd-lease $ip ${mask:-24} $gw"
            ;;
        esac
        exit 0
        """;

    public static string WriteScript(LabNames names)
    {
        var path = Path.Combine(names.RunFolder, RunId.Prefix + "-udhcpc.sh");
        File.WriteAllText(path, Script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The lab runs on Linux only (network namespaces).");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>The client with its leased address, gateway and lease time (start of udhcpc to address bound).</summary>
    public static async Task<LabClient> LeaseAsync(
        LabHost host, LabClient client, string script, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? lease = null;
        TimeSpan? bound = null;
        var clock = Stopwatch.StartNew();
        var tries = Math.Max(1, (int)timeout.TotalSeconds);
        var command = host.InNamespace(client.Namespace, new Command("udhcpc",
            ["-i", LabNames.InsideLink, "-f", "-q", "-n", "-t", tries.ToString(CultureInfo.InvariantCulture), "-T", "1", "-s", script])
        {
            Timeout = timeout + TimeSpan.FromSeconds(5),
            OnOutputLine = line =>
            {
                if (line.StartsWith(LeaseMarker + " ", StringComparison.Ordinal))
                {
                    bound ??= clock.Elapsed;
                    lease = line;
                }
            },
        });

        var result = await host.Runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        var parts = lease?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!result.Succeeded || parts is not { Length: 4 } || !IPAddress.TryParse(parts[1], out var address) ||
            !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var prefix) || !IPAddress.TryParse(parts[3], out var gateway))
        {
            throw new LabSetupException(
                $"Client {client.Namespace} got no DHCP lease within {timeout.TotalSeconds:0} s (udhcpc exit " +
                $"{result.ExitCode}): {result.StandardError.Trim()} {result.StandardOutput.Trim()}. Check that a DHCP server " +
                "answers on the clients' segment (dnsmasq in embedded mode, the real router in uplink mode), or raise " +
                "Lab:DhcpTimeoutSeconds.");
        }

        return client with { Address = address, PrefixLength = prefix, Gateway = gateway, LeaseTime = bound };
    }
}
