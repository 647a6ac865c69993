using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using NetnsBdd.Drivers.Server;

namespace NetnsBdd.Tests.Server;

/// <summary>HttpClients for a loopback <see cref="DownloadServer"/>: never through a proxy, trusting only what a test says.</summary>
internal static class LoopbackHttp
{
    public static HttpClient Create(X509Certificate2? trustedRoot = null, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            // A proxy from the environment must never see the suite's traffic (and would break loopback tests).
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        if (trustedRoot is not null)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.Add(trustedRoot);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
    }

    /// <summary>Reads the whole body, or as much as arrives before the connection fails.</summary>
    public static async Task<(byte[] Body, Exception? Failure)> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await stream.CopyToAsync(buffer, 64 * 1024, cancellationToken);
            return (buffer.ToArray(), null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return (buffer.ToArray(), e);
        }
    }
}
