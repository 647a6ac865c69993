using System.Net;
using System.Net.Sockets;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// The server's address for the request's host, as the clients would resolve it: IPv4 unless the download uses IPv6.
/// An address in the URL is used as it is (and must be of the family asked); a name is resolved once, inside the first
/// client's namespace with its resolver configuration (`ip netns exec NS getent ahostsv4|ahostsv6 HOST`), before the
/// start gate takes over the clients' name resolution.
/// </summary>
public sealed record DownloadTarget(Uri Url, IPEndPoint EndPoint)
{
    public bool HostIsAddress => Url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;

    /// <summary>Host header value: the URL's authority as a client sends it.</summary>
    public string Authority => Url.IsDefaultPort ? Url.Host : $"{Url.Host}:{Url.Port}";

    public static async Task<DownloadTarget> ResolveAsync(
        Uri url, string namespaceName, CommandRunner runner, CancellationToken cancellationToken, AddressFamily? family = null)
    {
        var ipv6 = family == AddressFamily.InterNetworkV6;
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal))
        {
            return family is null || literal.AddressFamily == family
                ? new DownloadTarget(url, new IPEndPoint(literal, url.Port))
                : throw new DownloadTargetException(
                    $"The download uses {(ipv6 ? "IPv6" : "IPv4")}, but {url} holds an {(ipv6 ? "IPv4" : "IPv6")} address; " +
                    (ipv6 ? "put a bracketed IPv6 address or a name with an AAAA record in Download:Ipv6Url (or Download:Url)."
                          : "put an IPv4 address or a name with an A record in Download:Url."));
        }

        var database = ipv6 ? "ahostsv6" : "ahostsv4";
        var result = await runner.RunAsync(
            NamespaceCommand.Inside(namespaceName, new Command("getent", database, url.IdnHost) { Timeout = TimeSpan.FromSeconds(30) }),
            cancellationToken).ConfigureAwait(false);
        // ahostsv6 answers a name without AAAA with its IPv4 address mapped (::ffff:a.b.c.d): that is no IPv6 server.
        var first = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault())
            .Select(word => word is not null && IPAddress.TryParse(word, out var a) ? a : null)
            .FirstOrDefault(a => a is not null && !a.IsIPv4MappedToIPv6);
        return first is not null && result.Succeeded
            ? new DownloadTarget(url, new IPEndPoint(first, url.Port))
            : throw new DownloadTargetException(
                $"Cannot resolve '{url.IdnHost}' {(ipv6 ? "to an IPv6 address (AAAA) " : "")}inside client namespace {namespaceName} (getent {database} exit {result.ExitCode}{(result.StandardError.Length > 0 ? ": " + result.StandardError.Trim() : "")}); " +
                (ipv6 ? "give the name an AAAA record, or put a bracketed IPv6 address in Download:Ipv6Url."
                      : "check the clients' DNS (the router's DHCP answer) or put the server's address in Download:Url."));
    }
}

/// <summary>The request's host could not be resolved: every client fails with DnsFailure, as wget would.</summary>
public sealed class DownloadTargetException(string message) : Exception(message);
