using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// A throwaway certificate authority and a server certificate it signed, made in-process at lab start, so https is
/// tested with real verification (wget <c>--ca-certificate</c>) and never with verification turned off. The CA's
/// certificate (never its key) is written as PEM to a folder inside a run's scratch folder (<see cref="RunScratch"/>),
/// which <see cref="Dispose"/> deletes; if the process is killed first, the scratch folder goes with the reaper.
/// </summary>
public sealed class LabCertificates : IDisposable
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private LabCertificates(X509Certificate2 authority, X509Certificate2 server, string folder)
    {
        Authority = authority;
        Server = server;
        Folder = folder;
        CaCertificatePath = Path.Combine(folder, "ca.pem");
    }

    /// <summary>The CA certificate (public part only) that clients trust.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server's certificate with its private key; SAN = the server's IP address.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The folder holding <see cref="CaCertificatePath"/>, inside a run's scratch folder.</summary>
    public string Folder { get; }

    /// <summary>The CA certificate as PEM, for <c>wget --ca-certificate=FILE</c>.</summary>
    public string CaCertificatePath { get; }

    /// <summary>
    /// Makes the CA and a server certificate for <paramref name="serverAddress"/>, valid for <paramref name="validity"/>
    /// (a few minutes of clock skew allowed before now), and writes the CA PEM under <paramref name="parentFolder"/>
    /// (default: this process's <see cref="RunScratch.ForProcess"/>).
    /// </summary>
    public static LabCertificates Create(IPAddress serverAddress, TimeSpan validity, string? parentFolder = null, IPAddress? ipv6Address = null)
    {
        ArgumentNullException.ThrowIfNull(serverAddress);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        var notBefore = DateTimeOffset.UtcNow - ClockSkew;
        var notAfter = DateTimeOffset.UtcNow + validity;

        // ECDSA P-256: generating it takes microseconds (RSA takes up to a second on a Pi), and wget's GnuTLS,
        // OpenSSL and .NET all accept it.
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=NetnsBdd lab CA, O=NetnsBdd", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(
            new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authorityWithKey = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={serverAddress}, O=NetnsBdd", serverKey, HashAlgorithmName.SHA256);
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(serverAddress);
        if (ipv6Address is not null)
        {
            names.AddIpAddress(ipv6Address);
        }

        // The name wget's start gate resolves to this server (a URL holding an address is fetched under it).
        names.AddDnsName(Downloads.WgetEngine.GateHostName);
        serverRequest.CertificateExtensions.Add(names.Build(true));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var serverPublic = serverRequest.Create(authorityWithKey, notBefore, notAfter, serial);
        var server = serverPublic.CopyWithPrivateKey(serverKey);

        var authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);
        var folder = RunScratch.CreateFolderInside(parentFolder ?? RunScratch.ForProcess.Path, $"server-ca-{Guid.NewGuid():N}"[..22]);
        var certificates = new LabCertificates(authority, server, folder);
        File.WriteAllText(certificates.CaCertificatePath, authority.ExportCertificatePem() + "\n");
        return certificates;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: nothing of ours is left behind.
        }

        Server.Dispose();
        Authority.Dispose();
    }
}
