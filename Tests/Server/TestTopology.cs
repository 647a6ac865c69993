using System.Net;
using System.Text;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.Server;

/// <summary>
/// The server tests' own tiny lab: a server namespace and 1..10 client namespaces, each joined by a veth pair to a
/// bridge in a third namespace, on 198.18.0.0/24 (RFC 2544's benchmarking range). Nothing touches the host's own
/// interfaces, and every name starts with <c>nbddt</c> plus a per-run id, so parallel runs by others never collide.
/// </summary>
internal sealed class TestTopology : IAsyncDisposable
{
    public static readonly IPAddress ServerAddress = IPAddress.Parse("198.18.0.1");

    private readonly CommandRunner _runner;

    private TestTopology(CommandRunner runner, string prefix, int clients)
    {
        _runner = runner;
        Prefix = prefix;
        ServerNamespace = prefix + "s";
        SwitchNamespace = prefix + "b";
        ClientNamespaces = [.. Enumerable.Range(0, clients).Select(i => $"{prefix}c{i}")];
    }

    /// <summary>The per-run prefix every namespace name starts with.</summary>
    public string Prefix { get; }

    public string ServerNamespace { get; }

    public string SwitchNamespace { get; }

    public IReadOnlyList<string> ClientNamespaces { get; }

    public IEnumerable<string> AllNamespaces => [ServerNamespace, SwitchNamespace, .. ClientNamespaces];

    public static IPAddress ClientAddress(int index) => IPAddress.Parse($"198.18.0.{11 + index}");

    public static async Task<TestTopology> CreateAsync(CommandRunner runner, int clients, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clients, 10);
        ToolCatalog.Require("ip");
        var topology = new TestTopology(runner, $"nbddt{Guid.NewGuid():N}"[..11], clients);
        try
        {
            await topology.BuildAsync(cancellationToken);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary><paramref name="program"/> run inside client <paramref name="index"/>'s namespace.</summary>
    public Command InClient(int index, string program, params string[] arguments) =>
        InNamespace(ClientNamespaces[index], program, arguments);

    public static Command InNamespace(string networkNamespace, string program, params string[] arguments) =>
        new("ip", ["netns", "exec", networkNamespace, program, .. arguments]);

    /// <summary>The suite's namespaces that still exist with this run's prefix (none after disposal).</summary>
    public async Task<IReadOnlyList<string>> RemainingNamespacesAsync(CancellationToken cancellationToken)
    {
        var listed = await _runner.ExecuteAsync(new Command("ip", "netns", "list"), cancellationToken);
        return [.. listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))];
    }

    public async ValueTask DisposeAsync()
    {
        // -force keeps going past a namespace that was never made, so a half-built topology is removed too.
        var script = new StringBuilder();
        foreach (var name in AllNamespaces)
        {
            script.Append("netns del ").Append(name).Append('\n');
        }

        await _runner.RunAsync(new Command("ip", "-force", "-batch", "-") { StandardInput = script.ToString() }, CancellationToken.None);
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        var root = new StringBuilder();
        foreach (var name in AllNamespaces)
        {
            root.Append("netns add ").Append(name).Append('\n');
        }

        // Both ends are created straight inside their namespaces, so no name ever appears among the host's links.
        root.Append($"link add srv netns {SwitchNamespace} type veth peer name eth0 netns {ServerNamespace}\n");
        for (var i = 0; i < ClientNamespaces.Count; i++)
        {
            root.Append($"link add c{i} netns {SwitchNamespace} type veth peer name eth0 netns {ClientNamespaces[i]}\n");
        }

        await _runner.ExecuteAsync(new Command("ip", "-batch", "-") { StandardInput = root.ToString() }, cancellationToken);

        var bridge = new StringBuilder("link add br0 type bridge\nlink set br0 up\n");
        foreach (var port in new[] { "srv" }.Concat(ClientNamespaces.Select((_, i) => $"c{i}")))
        {
            bridge.Append($"link set {port} master br0\nlink set {port} up\n");
        }

        var inside = new List<Task>
        {
            BatchInAsync(SwitchNamespace, bridge.ToString(), cancellationToken),
            BatchInAsync(ServerNamespace, Host(ServerAddress), cancellationToken),
        };
        inside.AddRange(ClientNamespaces.Select((name, i) => BatchInAsync(name, Host(ClientAddress(i)), cancellationToken)));
        await Task.WhenAll(inside);
    }

    private static string Host(IPAddress address) =>
        $"addr add {address}/24 dev eth0\nlink set eth0 up\nlink set lo up\n";

    private Task BatchInAsync(string networkNamespace, string script, CancellationToken cancellationToken) =>
        _runner.ExecuteAsync(new Command("ip", "-n", networkNamespace, "-batch", "-") { StandardInput = script }, cancellationToken);
}
