namespace NetnsBdd.Drivers.Processes;

/// <summary>Which Debian package brings each external tool the suite runs, so a missing one gets a fix, not a riddle.</summary>
public static class ToolCatalog
{
    private static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ip"] = "iproute2",
        ["tc"] = "iproute2",
        ["wget"] = "wget",
        ["timeout"] = "coreutils",
        ["dnsmasq"] = "dnsmasq-base",
        ["sysctl"] = "procps",
        ["udhcpc"] = "udhcpc",
        ["dhclient"] = "isc-dhcp-client",
        ["busybox"] = "busybox",
        ["iperf3"] = "iperf3",
        ["nginx"] = "nginx-light",
        ["openssl"] = "openssl",
        ["sudo"] = "sudo",
        ["ping"] = "iputils-ping",
    };

    public static string DebianPackageFor(string tool) =>
        Packages.TryGetValue(Path.GetFileName(tool), out var package) ? package : Path.GetFileName(tool);

    /// <summary>The full path of <paramref name="tool"/> on PATH (plus the sbin folders sudo-less shells omit), or null.</summary>
    public static string? Locate(string tool)
    {
        if (tool.Contains('/'))
        {
            return File.Exists(tool) ? tool : null;
        }

        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
        var folders = path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"]);
        return folders.Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);
    }

    /// <summary>Fails with one message naming every missing tool and the packages to install.</summary>
    public static void Require(params string[] tools)
    {
        var missing = tools.Where(tool => Locate(tool) is null).ToArray();
        if (missing.Length == 1)
        {
            throw new ToolMissingException(missing[0]);
        }

        if (missing.Length > 1)
        {
            throw new InvalidOperationException(MissingMessage(missing));
        }
    }

    /// <summary>One sentence naming the missing tools and the Debian packages that bring them.</summary>
    public static string MissingMessage(IReadOnlyCollection<string> missing) =>
        $"Required tools not found on PATH: {string.Join(", ", missing.Select(t => $"'{t}'"))}. " +
        $"Install with: apt-get install -y {string.Join(' ', missing.Select(DebianPackageFor).Distinct())} " +
        "(or run the project's tools/install.sh).";
}
