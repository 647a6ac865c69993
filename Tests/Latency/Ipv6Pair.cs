using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Tests.Lab;

namespace NetnsBdd.Tests.Latency;

/// <summary>
/// Two namespaces joined by one veth, dual stack: ULA addresses (fd00::/8, added <c>nodad</c> so they are usable at
/// once instead of tentative for a second or more) and RFC 2544 IPv4 ones. Named with a lab run's prefix, so
/// <see cref="LabLeftovers"/> can prove they are gone; the embedded lab is IPv4 only, hence this pair.
/// </summary>
internal sealed class Ipv6Pair : IAsyncDisposable
{
    public static readonly IPAddress ServerV6 = IPAddress.Parse("fd00:6e62::1");
    public static readonly IPAddress ClientV6 = IPAddress.Parse("fd00:6e62::2");
    public static readonly IPAddress ServerV4 = IPAddress.Parse("198.18.0.1");
    public static readonly IPAddress ClientV4 = IPAddress.Parse("198.18.0.2");

    private readonly CommandRunner _runner = new();
    private readonly LabNames _names = new(RunId.New(), "/run/nbdd");

    private Ipv6Pair()
    {
    }

    public string ClientNamespace => _names.ClientNamespace(1);

    public string ServerNamespace => _names.ServerNamespace;

    /// <summary>The client as the lab would describe it, its gateway the server's address of <paramref name="gatewayFamily"/>.</summary>
    public LabClient Client(AddressFamily gatewayFamily) => gatewayFamily == AddressFamily.InterNetworkV6
        ? new LabClient(1, ClientNamespace, LabNames.InsideLink, ClientV6, 64, ServerV6, null)
        : new LabClient(1, ClientNamespace, LabNames.InsideLink, ClientV4, 24, ServerV4, null);

    public static async Task<Ipv6Pair> CreateAsync(CancellationToken cancellationToken = default)
    {
        ToolCatalog.Require("ip");
        var pair = new Ipv6Pair();
        try
        {
            await TestNamespaces.AddAsync(pair._runner, pair.ClientNamespace, pair.ServerNamespace);
            // Both ends are made straight inside their namespaces, so no link of the pair ever shows on the host.
            await pair._runner.ExecuteAsync(new IpBatch()
                .Add($"link add {LabNames.InsideLink} netns {pair.ClientNamespace} type veth peer name {LabNames.InsideLink} netns {pair.ServerNamespace}")
                .Ip(), cancellationToken);
            await Task.WhenAll(
                pair._runner.ExecuteAsync(Host(ClientV6, ClientV4).IpIn(pair.ClientNamespace), cancellationToken),
                pair._runner.ExecuteAsync(Host(ServerV6, ServerV4).IpIn(pair.ServerNamespace), cancellationToken));
            await Task.WhenAll(pair.SettleAsync(ServerV6, cancellationToken), pair.SettleAsync(ServerV4, cancellationToken));
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits for one echo to <paramref name="server"/> to come back. Across a veth just brought up the first neighbour
    /// solicitation is often lost, so the first packet waits for the retry a second later (a 1015 ms ping, a 1013 ms
    /// first TCP handshake); the tests measure the settled path, as the embedded lab's are after its setup.
    /// </summary>
    private async Task SettleAsync(IPAddress server, CancellationToken cancellationToken)
    {
        ToolCatalog.Require("ping");
        CommandResult? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            last = await _runner.RunAsync(NamespaceCommand.Inside(ClientNamespace,
                new Command("ping", server.AddressFamily == AddressFamily.InterNetworkV6 ? "-6" : "-4", "-n", "-c", "1", "-W", "3", server.ToString())),
                cancellationToken);
            if (last.Succeeded)
            {
                return;
            }
        }

        throw new InvalidOperationException(
            $"The veth pair {ClientNamespace} - {ServerNamespace} did not carry an echo to {server} in three tries: {last!.StandardOutput}{last.StandardError}");
    }

    /// <summary>
    /// A TCP listener on the server's <paramref name="port"/> over IPv6, made inside the server namespace, accepting
    /// and closing every connection until <paramref name="cancellationToken"/> ends it.
    /// </summary>
    public async Task<Task> ListenAsync(int port, CancellationToken cancellationToken)
    {
        var listener = await NetworkNamespace.RunInsideAsync(ServerNamespace, () =>
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(ServerV6, port));
            socket.Listen(64);
            return socket;
        });
        return Task.Run(async () =>
        {
            using (listener)
            {
                try
                {
                    while (true)
                    {
                        using var accepted = await listener.AcceptAsync(cancellationToken);
                    }
                }
                catch (OperationCanceledException)
                {
                    // The test is done with it.
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>A run with no load: a zero-length window at its end, so every probe counts as idle.</summary>
    public DownloadRun IdleRun(Uri url)
    {
        var now = DateTimeOffset.UtcNow;
        var result = new ClientDownloadResult
        {
            Namespace = ClientNamespace, Success = true, Duration = 0, Interrupted = false, Stdout = "", Stderr = "", Bytes = 0,
            BytesExact = true, BytesResolution = 0, Mbps = 0, ExitCode = 0, Outcome = DownloadOutcome.Ok,
            Engine = "none", StartedAt = now, Command = "",
        };
        return new DownloadRun(new DownloadRequest(url, TimeSpan.FromSeconds(1)), [result], DownloadAggregate.From([result]));
    }

    public async ValueTask DisposeAsync()
    {
        await TestNamespaces.DeleteAsync(_runner, ClientNamespace, ServerNamespace);
        (await LabLeftovers.FindAsync(_names.Prefix)).Should().BeEmpty("the pair's namespaces and veth go with it");
    }

    private static IpBatch Host(IPAddress v6, IPAddress v4) => new IpBatch()
        .Add($"addr add {v6}/64 dev {LabNames.InsideLink} nodad")
        .Add($"addr add {v4}/24 dev {LabNames.InsideLink}")
        .Add($"link set {LabNames.InsideLink} up")
        .Add("link set lo up");
}
