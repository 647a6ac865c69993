using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Support.Settings;
using NetnsBdd.Tests.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

/// <summary>An embedded lab of N clients with the download server in its server namespace, shared by one fixture.</summary>
internal sealed class DownloadLab : IAsyncDisposable
{
    private DownloadLab(NamespaceLab lab, DownloadServer server)
    {
        Lab = lab;
        Server = server;
    }

    public NamespaceLab Lab { get; }

    public DownloadServer Server { get; }

    public IReadOnlyList<string> Namespaces => [.. Lab.Clients.Select(c => c.Namespace)];

    public IReadOnlyDictionary<string, string> AddressOfNamespace => Lab.Clients.ToDictionary(c => c.Namespace, c => c.Address.ToString());

    public static async Task<DownloadLab> StartAsync(int clients, CancellationToken cancellationToken = default)
    {
        var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = clients }, cancellationToken: cancellationToken);
        try
        {
            var server = lab.RegisterForTeardown(await DownloadServer.StartAsync(
                DownloadServerOptions.ForLab(lab), cancellationToken));
            return new DownloadLab(lab, server);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public static DownloadManager Manager(WgetOptions? options = null) =>
        new(new WgetEngine(new CommandRunner(), options), TestContext.Out);

    public static DownloadManager Manager(DownloadEngineKind engine, WgetOptions? options = null) =>
        new(DownloadEngines.Create(engine, new CommandRunner(), options), TestContext.Out);

    /// <summary>The server's record of the one request that came from <paramref name="namespaceName"/>'s client.</summary>
    public Transfer TransferOf(IEnumerable<Transfer> transfers, string namespaceName)
    {
        var address = Lab.Clients.Single(c => c.Namespace == namespaceName).Address.ToString();
        return transfers.Should().ContainSingle(t => t.RemoteAddress == address, $"client {namespaceName} made one request").Subject;
    }

    /// <summary>Waits (bounded) until the server has seen every client's request end, then hands back the records.</summary>
    public async Task<IReadOnlyList<Transfer>> FinishedTransfersAsync(int count, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            return await Server.WaitForTransfersAsync(t => t.Length >= count && t.All(x => x.IsFinished), bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Server.Transfers;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var prefix = Lab.Names.Prefix;
        await Lab.DisposeAsync();
        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty("teardown removes every namespace, process and file of the run");
    }
}
