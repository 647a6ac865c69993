namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Every name one run uses, derived from its <see cref="RunId"/>: all begin with nbdd + id, and the longest
/// (nbdd + 6 + role letter + 4 digits) fits the kernel's 15 bytes.
/// </summary>
public sealed record LabNames(RunId RunId, string RunDirectory)
{
    public string Prefix => RunId.NamePrefix;

    public string RouterNamespace => Prefix + "r";

    public string ServerNamespace => Prefix + "s";

    /// <summary>The clients' bridge, inside the router namespace.</summary>
    public string Bridge => Prefix + "b";

    /// <summary>The router's end of the router-server veth, inside the router namespace.</summary>
    public string ServerLink => Prefix + "x";

    /// <summary>The interface name inside every client and the server namespace.</summary>
    public const string InsideLink = "eth0";

    public string ClientNamespace(int number) => Prefix + "c" + number;

    /// <summary>The bridge-side end of client <paramref name="number"/>'s veth, inside the router namespace.</summary>
    public string HostLink(int number) => Prefix + "v" + number;

    /// <summary>Records the owning process, so a later run can tell a crashed run's leftovers from a live one's.</summary>
    public string RunFile => Path.Combine(RunDirectory, Prefix + ".run");

    /// <summary>Leases, pid files and scripts of this run.</summary>
    public string RunFolder => Path.Combine(RunDirectory, Prefix);

    /// <summary>The run id encoded in a suite-looking name (nbdd + 6 characters), or null.</summary>
    public static string? RunIdOf(string name) =>
        name.StartsWith(RunId.Prefix, StringComparison.Ordinal) && name.Length >= RunId.Prefix.Length + RunId.Length
            ? name.Substring(RunId.Prefix.Length, RunId.Length)
            : null;
}
