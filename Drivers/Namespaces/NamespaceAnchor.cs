using System.Globalization;
using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Namespaces;

/// <summary>
/// A dedicated thread parked inside a network namespace, so that <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/net/dev</c> shows
/// that namespace's interface counters to anyone in this process. Reading it is a plain file read every tick; the
/// alternatives cost more: `ip -n NS -s link` forks every 2 s, and a netlink socket opened inside the namespace would
/// need an RTM_GETLINK/IFLA_STATS64 parser where the net/dev one already exists. The anchor also pins the namespace
/// alive, which is why the lab must dispose it (register it for teardown) before deleting the namespace: otherwise a
/// thread of ours would keep a deleted namespace and its links alive. Needs root (setns).
/// </summary>
public sealed partial class NamespaceAnchor : IAsyncDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private NamespaceAnchor(string name) => Namespace = name;

    public string Namespace { get; }

    /// <summary>The kernel's id of the parked thread (not the managed thread id).</summary>
    public int ThreadId { get; private set; }

    /// <summary>The namespace's <c>net/dev</c>, readable while the anchor lives.</summary>
    public string NetDevPath => string.Create(CultureInfo.InvariantCulture, $"/proc/{Environment.ProcessId}/task/{ThreadId}/net/dev");

    /// <summary>Starts the thread and returns once it is inside <paramref name="name"/>; throws what setns threw.</summary>
    public static Task<NamespaceAnchor> EnterAsync(string name, string netnsDirectory = NetworkNamespace.NamesDirectory)
    {
        LinkName.Validate(name, "namespace name");
        var anchor = new NamespaceAnchor(name);
        var entered = new TaskCompletionSource<NamespaceAnchor>(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = Path.Combine(netnsDirectory, name);
        var thread = new Thread(() => anchor.Park(path, entered))
        {
            // Never keeps the test host alive; teardown still ends it properly.
            IsBackground = true,
            Name = $"netns anchor {name}",
        };
        thread.Start();
        return entered.Task;
    }

    /// <summary>Releases the thread and waits until it has left the namespace. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _release.Set();
        }

        await _exited.Task.ConfigureAwait(false);
        _release.Dispose();
    }

    public override string ToString() => $"namespace anchor in {Namespace} (tid {ThreadId})";

    private void Park(string path, TaskCompletionSource<NamespaceAnchor> entered)
    {
        try
        {
            using var home = File.OpenHandle(NetworkNamespace.ThreadSelfPath);
            using (var target = File.OpenHandle(path))
            {
                NetworkNamespace.Enter(target.DangerousGetHandle(), path);
            }

            try
            {
                ThreadId = CurrentThreadId();
                entered.SetResult(this);
                _release.Wait();
            }
            finally
            {
                // Leave before saying so: the OS thread may linger a moment after the managed one ends, and it must
                // not hold the namespace while the lab deletes it. If even this fails, the thread's exit still drops it.
                try
                {
                    NetworkNamespace.Enter(home.DangerousGetHandle(), NetworkNamespace.ThreadSelfPath);
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
        catch (Exception e) when (!entered.Task.IsCompleted)
        {
            entered.SetException(e);
        }
        finally
        {
            _exited.TrySetResult();
        }
    }

    // glibc gained Libc.Gettid() in 2.30; an older Raspberry Pi OS lacks the export, and /proc/thread-self names the same id.
    private static int CurrentThreadId()
    {
        try
        {
            return Libc.Gettid();
        }
        catch (EntryPointNotFoundException)
        {
            var target = new FileInfo("/proc/thread-self").LinkTarget
                ?? throw new InvalidOperationException("/proc/thread-self is not a link; is /proc mounted?");
            return int.Parse(target[(target.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        }
    }
}
