using System.Net.Sockets;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Drivers.Namespaces;

/// <summary>
/// Makes one socket inside each of many network namespaces on a single dedicated thread, which steps from namespace
/// to namespace with setns and back home at the end (see <see cref="NetworkNamespace"/> for why a dedicated thread).
/// One thread for 500 clients instead of 500: a setns costs microseconds, a thread start far more.
/// </summary>
internal static class NamespaceSockets
{
    /// <returns>One socket per namespace in order, or the exception that socket's creation threw.</returns>
    public static async Task<IReadOnlyList<(Socket? Socket, Exception? Error)>> CreateAsync(
        IReadOnlyList<string> namespaces, Func<string, Socket> create) =>
        [.. (await OpenAsync(namespaces, create).ConfigureAwait(false)).Select(o => (o.Item, o.Error))];

    /// <summary>
    /// As <see cref="CreateAsync"/>, for anything bound to the namespace it is made in: a socket, or a /proc/thread-self/net
    /// file (opened inside, it keeps showing that namespace's table after the thread has left).
    /// </summary>
    public static Task<IReadOnlyList<(T? Item, Exception? Error)>> OpenAsync<T>(IReadOnlyList<string> namespaces, Func<string, T> create)
        where T : class
    {
        foreach (var name in namespaces)
        {
            LinkName.Validate(name, "namespace name");
        }

        var done = new TaskCompletionSource<IReadOnlyList<(T?, Exception?)>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(CreateAll(namespaces, create));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "netns sockets",
        };
        thread.Start();
        return done.Task;
    }

    private static List<(T?, Exception?)> CreateAll<T>(IReadOnlyList<string> namespaces, Func<string, T> create)
        where T : class
    {
        var sockets = new List<(T?, Exception?)>(namespaces.Count);
        using var home = File.OpenHandle(NetworkNamespace.ThreadSelfPath);
        try
        {
            foreach (var name in namespaces)
            {
                var path = Path.Combine(NetworkNamespace.NamesDirectory, name);
                try
                {
                    using var target = File.OpenHandle(path);
                    NetworkNamespace.Enter(target.DangerousGetHandle(), path);
                    sockets.Add((create(name), null));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or SocketException)
                {
                    sockets.Add((null, e));
                }
            }
        }
        finally
        {
            // The thread ends right after; stepping back keeps the rule that no thread stays in a lab namespace.
            NetworkNamespace.Enter(home.DangerousGetHandle(), NetworkNamespace.ThreadSelfPath);
        }

        return sockets;
    }
}
