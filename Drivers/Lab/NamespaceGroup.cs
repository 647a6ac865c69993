using System.Diagnostics;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Owns a set of network namespaces, removed together: their processes get SIGTERM then SIGKILL, then one
/// `ip -force -batch -` deletes them all (~0.06 s for 50), then the namespace files are polled until gone. A name is
/// added before its `netns add` runs, so a batch that fails half-way is still cleaned up; deleting a name that never
/// came to exist is harmless.
/// </summary>
/// <param name="aborted">Cancelled when the lab is aborted (a signal) and downloads may still be starting processes.</param>
internal sealed class NamespaceGroup(LabHost host, CancellationToken aborted = default) : IAsyncDisposable
{
    private static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan GonePoll = TimeSpan.FromSeconds(5);

    /// <summary>How long an aborted lab's deleted namespaces are watched for processes still entering them.</summary>
    internal static readonly TimeSpan AbortWatch = TimeSpan.FromMilliseconds(300);

    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_names)
            {
                return [.. _names];
            }
        }
    }

    public void Add(string name)
    {
        lock (_names)
        {
            _names.Add(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var names = Names;
        lock (_names)
        {
            _names.Clear();
        }

        await DestroyAsync(host, names, CancellationToken.None, aborted.IsCancellationRequested ? AbortWatch : TimeSpan.Zero)
            .ConfigureAwait(false);
    }

    public override string ToString() => $"namespaces {string.Join(' ', Names.Take(3))}{(Names.Count > 3 ? " ..." : "")}";

    /// <summary>Kills the processes in <paramref name="names"/> and deletes the namespaces; warns about stragglers.</summary>
    /// <param name="stragglerWatch">How long after the last process found in a deleted namespace to keep looking.</param>
    public static async Task DestroyAsync(
        LabHost host, IReadOnlyCollection<string> names, CancellationToken cancellationToken, TimeSpan stragglerWatch = default)
    {
        var existing = names.Where(host.NamespaceExists).ToArray();
        if (existing.Length == 0)
        {
            return;
        }

        // As root every namespace's identity can be read: its processes are found in /proc and each is checked to be
        // still inside before every signal, so a pid that ended and was reused meanwhile (pid_max is 32768 on many
        // hosts, and a lab starts processes by the hundred) is never signalled. Without root, `ip netns pids` through
        // sudo, unchecked.
        var identities = existing.Select(name => NamespaceMembers.IdentityOf(name, host.NetnsDirectory)).OfType<string>().ToHashSet();
        var checkedByIdentity = identities.Count == existing.Length;
        var pids = checkedByIdentity
            ? NamespaceMembers.Find(identities)
            : await PidsInAsync(host, existing, cancellationToken).ConfigureAwait(false);
        await StopProcessesAsync(host, pids, checkedByIdentity ? identities : null, cancellationToken).ConfigureAwait(false);

        var batch = new IpBatch();
        foreach (var name in existing)
        {
            batch.Add($"netns del {name}");
        }

        // -force: one namespace that vanished meanwhile must not keep the others alive; the poll below judges.
        await host.RunAsync(batch.Ip(force: true), cancellationToken).ConfigureAwait(false);

        var left = await PollAsync(() => existing.Where(host.NamespaceExists).ToArray(), cancellationToken).ConfigureAwait(false);
        if (left.Length > 0)
        {
            host.Warn($"{left.Length} namespace(s) still present after `ip netns del`: {string.Join(' ', left)}. " +
                      "Remove them with `ip netns del NAME`.");
        }

        await StopStragglersAsync(host, identities, stragglerWatch, cancellationToken).ConfigureAwait(false);
    }

    // A process being started in a namespace while its pids were listed (`ip netns exec` had opened the namespace but
    // not yet entered it) enters it after the kill and keeps it alive, nameless, after the delete: a signal 15 ms into
    // a wget download left three `timeout wget` running for their whole timeout that way. Such processes are found by
    // the namespace's identity: in one look, or, for an aborted lab whose downloads may still be starting processes,
    // until nothing new has turned up for the watch. The names are gone, so no new process can enter after that.
    private static async Task StopStragglersAsync(
        LabHost host, IReadOnlySet<string> identities, TimeSpan watch, CancellationToken cancellationToken)
    {
        if (identities.Count == 0)
        {
            // Not root: no identity could be read, so there is nothing to look for.
            return;
        }

        var quiet = Stopwatch.StartNew();
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < GonePoll)
        {
            var pids = NamespaceMembers.Find(identities);
            if (pids.Length > 0)
            {
                await StopProcessesAsync(host, pids, identities, cancellationToken).ConfigureAwait(false);
                quiet.Restart();
            }
            else if (quiet.Elapsed >= watch)
            {
                return;
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <param name="identities">When given, a pid is signalled only while its network namespace is one of these.</param>
    private static async Task StopProcessesAsync(
        LabHost host, int[] pids, IReadOnlySet<string>? identities, CancellationToken cancellationToken)
    {
        bool Inside(int pid) => identities is null || NamespaceMembers.IsIn(pid, identities);
        if (pids.Length == 0)
        {
            return;
        }

        await host.SignalAsync([.. pids.Where(Inside)], Posix.SIGTERM, cancellationToken).ConfigureAwait(false);
        var alive = await PollAsync(() => pids.Where(pid => IsAlive(pid) && Inside(pid)).ToArray(), cancellationToken, TermGrace)
            .ConfigureAwait(false);
        if (alive.Length == 0)
        {
            return;
        }

        await host.SignalAsync([.. alive.Where(Inside)], Posix.SIGKILL, cancellationToken).ConfigureAwait(false);
        alive = await PollAsync(() => alive.Where(pid => IsAlive(pid) && Inside(pid)).ToArray(), cancellationToken).ConfigureAwait(false);
        if (alive.Length > 0)
        {
            host.Warn($"process(es) {string.Join(' ', alive)} survived SIGKILL in the lab's namespaces; the namespaces " +
                      "are deleted anyway and vanish once those processes end.");
        }
    }

    /// <summary>`netns pids` lines in one batch: one process for any number of namespaces.</summary>
    private static async Task<int[]> PidsInAsync(LabHost host, string[] names, CancellationToken cancellationToken)
    {
        var batch = new IpBatch();
        foreach (var name in names)
        {
            batch.Add($"netns pids {name}");
        }

        var result = await host.RunAsync(batch.Ip(force: true), cancellationToken).ConfigureAwait(false);
        return result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => int.TryParse(line, out var pid) ? pid : 0)
            .Where(pid => pid > 1 && pid != Environment.ProcessId)
            .Distinct()
            .ToArray();
    }

    /// <summary>A zombie counts as gone: it holds no namespace and only its parent can reap it.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return !state.StartsWith('Z') && !state.StartsWith('X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static async Task<T[]> PollAsync<T>(Func<T[]> remaining, CancellationToken cancellationToken, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var left = remaining();
            if (left.Length == 0 || clock.Elapsed > (limit ?? GonePoll))
            {
                return left;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }
}
