using System.Globalization;
using NetnsBdd.Drivers.Interop;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// A running wget's upload connection as its kernel counts it, read from outside: the wget is `timeout`'s child, its
/// TCP socket is found by inode in /proc/PID/fd, and `ss -tinHe` inside the client's namespace gives that socket's
/// bytes_acked and Send-Q (written but not yet acknowledged). Their sum, less the SYN, is every byte wget handed the
/// kernel; the engine takes the request head off.
/// </summary>
internal static class WgetUploadSocket
{
    /// <summary>The first child of <paramref name="pid"/> (`timeout`'s wget); null when it has none or is gone.</summary>
    public static int? ChildOf(int pid)
    {
        try
        {
            var children = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/task/{pid}/children"));
            var first = children.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return first is not null && int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var child) ? child : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// (bytes written to the kernel, bytes acknowledged) of <paramref name="pid"/>'s TCP connection, SYN excluded; null
    /// when it has none or `ss` cannot tell.
    /// </summary>
    public static async Task<(long Written, long Acked)?> ReadAsync(CommandRunner runner, string namespaceName, int pid, CancellationToken cancellationToken)
    {
        var inodes = SocketInodes(pid);
        if (inodes.Count == 0)
        {
            return null;
        }

        var ss = await runner.RunAsync(
            NamespaceCommand.Inside(namespaceName, new Command("ss", "-tinHe") { Timeout = TimeSpan.FromSeconds(5) }), cancellationToken).ConfigureAwait(false);
        return ss.Succeeded ? Parse(ss.StandardOutput, inodes) : null;
    }

    /// <summary>Reads `ss -tinHe` output: a line per socket (State Recv-Q Send-Q ... ino:N ...), its details on the next.</summary>
    public static (long Written, long Acked)? Parse(string output, IReadOnlySet<string> inodes)
    {
        var lines = output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var inode = words.FirstOrDefault(w => w.StartsWith("ino:", StringComparison.Ordinal))?[4..];
            if (inode is null || !inodes.Contains(inode) || words.Length < 3
                || !long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var queued))
            {
                continue;
            }

            long acked = 0;
            for (var j = i + 1; j < lines.Length && lines[j].Length > 0 && char.IsWhiteSpace(lines[j][0]); j++)
            {
                var field = lines[j].Split(' ', '\t').FirstOrDefault(w => w.StartsWith("bytes_acked:", StringComparison.Ordinal));
                if (field is not null)
                {
                    acked = long.Parse(field["bytes_acked:".Length..], CultureInfo.InvariantCulture);
                }
            }

            var data = Math.Max(0, acked - TcpInfo.SynBytes);
            return (data + queued, data);
        }

        return null;
    }

    private static HashSet<string> SocketInodes(int pid)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.EnumerateFiles(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/fd")))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    found.Add(target["socket:[".Length..^1]);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone: no socket to read.
        }

        return found;
    }
}
