using System.Diagnostics;
using System.Globalization;
using System.Net;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Takes one stateful DHCPv6 address inside a client's namespace with ISC dhclient (Debian package isc-dhcp-client),
/// as a device's DHCPv6 client does: it waits for its link-local address (DHCPv6 is sent from it), then solicits,
/// takes the advertised address, and applies it through a script of ours (written once per run to the run folder)
/// that adds it with `ip` and prints it. dhclient has no "quit once bound", so the suite stops it right after the
/// script ran: no DHCPv6 client outlives setup, as with the IPv4 leases (long, never renewed).
/// <para>Patient: if dhclient gives up (its -1 try) it is started again with a short growing pause until
/// <c>Lab:Ipv6TimeoutSeconds</c> is spent, so a slow server is waited for and a failure means the whole time went.</para>
/// </summary>
internal static class Dhcpv6Client
{
    private const string LeaseMarker = "nbdd-lease6";

    private const string Script = """
        #!/bin/sh
        # Written by NetnsBdd for one lab run: applies a dhclient -6 address inside a client namespace with iproute2.
        case "$reason" in
          BOUND6|RENEW6|REBIND6|REBOOT6)
            ip -6 addr replace "$new_ip6_address/$new_ip6_prefixlen" dev "$interface" valid_lft "${new_max_life:-forever}" preferred_lft "${new_preferred_life:-forever}"
            echo "nbdd-lease6 $new_ip6_address ${new_ip6_prefixlen:-128} ${new_max_life:-0} ${new_dhcp6_server_id:--}"
            ;;
        esac
        exit 0
        """;

    public static string WriteScript(LabNames names) => RunFolderScript.Write(names, RunId.Prefix + "-dhclient6.sh", Script);

    /// <summary>The client with its DHCPv6 address, or <see cref="LabSetupException"/> saying what the exchange got.</summary>
    public static async Task<LabClient> LeaseAsync(
        LabHost host, LabNames names, Ipv6AddressWatch watch, int index, LabClient client, string script, long startedAt,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = startedAt + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var linkLocal = await watch.WaitAsync(index, LabNames.InsideLink, a => a.IsLinkLocal, deadline, cancellationToken).ConfigureAwait(false);
        if (linkLocal is not { Address.IsUsable: true })
        {
            throw new LabSetupException((
                $"Client {client.Namespace} has no usable link-local IPv6 address on {LabNames.InsideLink} within Lab:Ipv6TimeoutSeconds = " +
                $"{Seconds(timeout)} s ({watch.Describe(index, LabNames.InsideLink)}), so it cannot ask for a DHCPv6 address. " +
                "A duplicate MAC on the LAN, or IPv6 disabled on the port, causes this."));
        }

        var solicits = 0;
        var advertises = 0;
        var replies = 0;
        var runs = 0;
        var lastExit = "";
        var leaseFile = Path.Combine(names.RunFolder, $"{RunId.Prefix}-dhclient6-{client.Number}.leases");
        var pidFile = Path.Combine(names.RunFolder, $"{RunId.Prefix}-dhclient6-{client.Number}.pid");
        while (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline) is var remaining && remaining > TimeSpan.Zero)
        {
            runs++;
            (IPAddress Address, int Prefix)? bound = null;
            using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var command = host.InNamespace(client.Namespace, new Command("dhclient",
                ["-6", "-1", "-d", "-v", "-N", "-D", "LL", "-cf", "/dev/null", "-sf", script, "-lf", leaseFile, "-pf", pidFile, LabNames.InsideLink])
            {
                Timeout = remaining,
                GracePeriod = TimeSpan.FromSeconds(1),
                OnOutputLine = line =>
                {
                    if (line.StartsWith(LeaseMarker + " ", StringComparison.Ordinal) && Parse(line) is { } lease)
                    {
                        bound = lease;
                        // Bound: the client's work is done, stop it before it settles in to renew.
                        done.Cancel();
                    }
                },
                OnErrorLine = line =>
                {
                    if (line.StartsWith("XMT: Solicit", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref solicits);
                    }
                    else if (line.StartsWith("RCV: Advertise", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref advertises);
                    }
                    else if (line.StartsWith("RCV: Reply", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref replies);
                    }
                },
            });

            try
            {
                var result = await host.Runner.RunAsync(command, done.Token).ConfigureAwait(false);
                lastExit = $"exit {result.ExitCode}";
            }
            catch (CommandTimeoutException)
            {
                lastExit = "stopped at the deadline";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastExit = "stopped once bound";
            }

            if (bound is { } lease6)
            {
                var usable = await watch.WaitAsync(index, LabNames.InsideLink, a => a.Address.Equals(lease6.Address), deadline, cancellationToken).ConfigureAwait(false);
                if (usable is { Address.HasFailedDad: true })
                {
                    throw new LabSetupException(
                        $"Client {client.Namespace}'s DHCPv6 address {lease6.Address} failed duplicate-address detection: another device " +
                        "on the link uses it. The router's DHCPv6 server handed out an address in use; check its range and leases.");
                }

                if (usable is { } ready)
                {
                    return client with
                    {
                        Ipv6Address = lease6.Address,
                        Ipv6PrefixLength = lease6.Prefix,
                        Ipv6Source = Ipv6Addressing.Dhcpv6,
                        Ipv6Time = Stopwatch.GetElapsedTime(startedAt, ready.SeenAt),
                        Ipv6Gateway = watch.DefaultGateway(index, LabNames.InsideLink),
            Ipv6LinkLocal = watch.LinkLocal(index, LabNames.InsideLink),
                    };
                }

                break;
            }

            var pause = TimeSpan.FromMilliseconds(Math.Min(1000, 250 * (1 << Math.Min(runs - 1, 2))));
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left > pause ? pause : left, cancellationToken).ConfigureAwait(false);
            }
        }

        var heard = (solicits, advertises, replies) switch
        {
            (0, _, _) => "dhclient sent no Solicit (see its exit)",
            (_, 0, 0) => $"it sent {solicits} Solicit(s) and no DHCPv6 server answered",
            (_, _, 0) => $"it sent {solicits} Solicit(s), got {advertises} Advertise(s) but no Reply to its Request",
            _ => $"it sent {solicits} Solicit(s) and got {replies} Reply(ies), but the address never became usable ({watch.Describe(index, LabNames.InsideLink)})",
        };
        throw new LabSetupException((
            $"Client {client.Namespace} got no DHCPv6 address within Lab:Ipv6TimeoutSeconds = {Seconds(timeout)} s: {heard}, " +
            $"in {runs} dhclient run(s) (last: {lastExit}). Fix: turn on the router's stateful DHCPv6 server on its LAN " +
            "(dnsmasq: a dhcp-range with an IPv6 range), or use SLAAC clients if it only advertises a prefix."));
    }

    private static (IPAddress, int)? Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && IPAddress.TryParse(parts[1], out var address) &&
               int.TryParse(parts[2], CultureInfo.InvariantCulture, out var prefix)
            ? (address, prefix)
            : null;
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
