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
/// <para>A patient client: udhcpc's `-t` counts only discovers, and after three unanswered requests (an offer came, the
/// ack did not) it gives up at once. A real DHCP server can be that slow: stock dnsmasq pings every address before
/// offering it, one at a time, so with many clients asking at once acks come many seconds late. So udhcpc is started
/// again, with a short growing pause, until the lease is bound or <c>Lab:DhcpTimeoutSeconds</c> is spent; the whole
/// exchange is bounded by that setting and by nothing shorter.</para>
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
            echo "nbdd-lease $ip ${mask:-24} ${gw:--} ${lease:-0} ${serverid:--}"
            ;;
        esac
        exit 0
        """;

    public static string WriteScript(LabNames names) => RunFolderScript.Write(names, RunId.Prefix + "-udhcpc.sh", Script);

    /// <summary>
    /// The client with its leased address, gateway, server, granted lease and lease time (first udhcpc start to
    /// address bound). Throws <see cref="LabSetupException"/> saying what the exchange got and how long it took.
    /// </summary>
    public static async Task<LabClient> LeaseAsync(
        LabHost host, LabClient client, string script, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exchange = new DhcpExchange();
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var lastExit = "";
        while (timeout - clock.Elapsed is var remaining && remaining > TimeSpan.Zero)
        {
            runs++;
            string? lease = null;
            var boundAt = TimeSpan.Zero;
            var command = host.InNamespace(client.Namespace, new Command("udhcpc",
                ["-i", LabNames.InsideLink, "-f", "-q", "-n", "-t", Math.Max(1, (int)remaining.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-T", "1", "-s", script])
            {
                // The deadline, not udhcpc's own counting, ends the last run.
                Timeout = remaining,
                GracePeriod = TimeSpan.FromSeconds(1),
                OnOutputLine = line =>
                {
                    if (line.StartsWith(LeaseMarker + " ", StringComparison.Ordinal))
                    {
                        // The moment the script applied the lease, not udhcpc's exit after it.
                        boundAt = clock.Elapsed;
                        lease = line;
                    }
                },
                OnErrorLine = exchange.Observe,
            });

            try
            {
                var result = await host.Runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
                lastExit = $"exit {result.ExitCode}";
            }
            catch (CommandTimeoutException)
            {
                lastExit = "stopped at the deadline";
            }

            if (lease is not null && Parse(client, lease, boundAt) is { } leased)
            {
                return leased;
            }

            // A short pause that grows (0.25, 0.5, 1 s), as a client backs off, but never past the deadline; with less than
            // a pause left it waits out the rest rather than give up early, so a failure always means the whole
            // Lab:DhcpTimeoutSeconds was spent.
            var pause = TimeSpan.FromMilliseconds(Math.Min(1000, 250 * (1 << Math.Min(runs - 1, 2))));
            var left = timeout - clock.Elapsed;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left > pause ? pause : left, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new LabSetupException(string.Create(CultureInfo.InvariantCulture,
            $"Client {client.Namespace} got no DHCP lease within Lab:DhcpTimeoutSeconds = {timeout.TotalSeconds:0.#} s: it asked for " +
            $"{clock.Elapsed.TotalSeconds:0.0} s in {runs} udhcpc run(s) (last: {lastExit}), {exchange}. {exchange.Advice}"));
    }

    private static LabClient? Parse(LabClient client, string line, TimeSpan bound)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 6 } || !IPAddress.TryParse(parts[1], out var address) ||
            !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var prefix))
        {
            return null;
        }

        return client with
        {
            Address = address,
            PrefixLength = prefix,
            Gateway = IPAddress.TryParse(parts[3], out var gateway) ? gateway : IPAddress.Any,
            LeaseTime = bound,
            BoundAt = DateTimeOffset.UtcNow,
            LeaseSeconds = long.TryParse(parts[4], CultureInfo.InvariantCulture, out var seconds) ? seconds : null,
            DhcpServer = IPAddress.TryParse(parts[5], out var server) ? server : null,
        };
    }
}
