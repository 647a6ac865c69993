using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.Server;

/// <summary>wget command lines for the server's lab tests: one try, no proxy, no wgetrc, errors on stderr.</summary>
internal static class Wget
{
    /// <summary>Exit code wget uses for a TLS failure, certificate verification included.</summary>
    public const int SslFailure = 5;

    public static Command Download(
        TestTopology topology, int client, Uri url, string output = "/dev/null", string? caCertificate = null, int readTimeoutSeconds = 30)
    {
        List<string> arguments =
            ["--no-config", "--no-verbose", "--no-proxy", "--tries=1", "--timeout=30", $"--read-timeout={readTimeoutSeconds}", "-O", output];
        if (caCertificate is not null)
        {
            arguments.Add($"--ca-certificate={caCertificate}");
        }

        arguments.Add(url.ToString());
        return topology.InClient(client, "wget", [.. arguments]) with { Timeout = TimeSpan.FromMinutes(2) };
    }
}
