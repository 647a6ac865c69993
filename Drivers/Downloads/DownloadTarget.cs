using System.Net;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// The server's IPv4 address for the request's host, as the clients would resolve it. An address in the URL is used as
/// it is; a name is resolved once, inside the first client's namespace with its resolver configuration (`ip netns
/// exec NS getent ahostsv4 HOST`), before the start gate takes over the clients' name resolution.
/// </summary>
public sealed record DownloadTarget(Uri Url, IPEndPoint EndPoint)
{
    public bool HostIsAddress => Url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;

    /// <summary>Host header value: the URL's authority as a client sends it.</summary>
    public string Authority => Url.IsDefaultPort ? Url.Host : $"{Url.Host}:{Url.Port}";

    public static async Task<DownloadTarget> ResolveAsync(Uri url, string namespaceName, CommandRunner runner, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal))
        {
            return new DownloadTarget(url, new IPEndPoint(literal, url.Port));
        }

        var result = await runner.RunAsync(
            NamespaceCommand.Inside(namespaceName, new Command("getent", "ahostsv4", url.IdnHost) { Timeout = TimeSpan.FromSeconds(30) }),
            cancellationToken).ConfigureAwait(false);
        var first = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault())
            .FirstOrDefault(word => word is not null && IPAddress.TryParse(word, out _));
        return first is not null && result.Succeeded
            ? new DownloadTarget(url, new IPEndPoint(IPAddress.Parse(first), url.Port))
            : throw new DownloadTargetException(
                $"Cannot resolve '{url.IdnHost}' inside client namespace {namespaceName} (getent ahostsv4 exit {result.ExitCode}{(result.StandardError.Length > 0 ? ": " + result.StandardError.Trim() : "")}); " +
                "check the clients' DNS (the router's DHCP answer) or put the server's address in Download:Url.");
    }
}

/// <summary>The request's host could not be resolved: every client fails with DnsFailure, as wget would.</summary>
public sealed class DownloadTargetException(string message) : Exception(message);
