namespace NetnsBdd.Drivers.Namespaces;

/// <summary>
/// Writes network sysctls of many namespaces from one thread that steps into each (see <see cref="NamespaceSockets"/>):
/// a /proc/sys/net file opened inside a namespace is that namespace's, so 50 clients cost 50 small writes, not 50
/// `sysctl` processes.
/// </summary>
internal static class NamespaceSysctl
{
    /// <summary>
    /// Writes every (/proc/sys path, value) of <paramref name="settings"/> in each of <paramref name="namespaces"/>;
    /// throws naming the namespace, the file and the error of the first write that failed.
    /// </summary>
    public static async Task WriteAsync(IReadOnlyList<string> namespaces, IReadOnlyList<(string Path, string Value)> settings)
    {
        var written = await NamespaceSockets.OpenAsync(namespaces, _ =>
        {
            foreach (var (path, value) in settings)
            {
                File.WriteAllText(path, value);
            }

            return namespaces;
        }).ConfigureAwait(false);
        var failed = written.Select((w, i) => (w.Error, Name: namespaces[i])).FirstOrDefault(w => w.Error is not null);
        if (failed.Error is not null)
        {
            throw new InvalidOperationException(
                $"Cannot set {string.Join(", ", settings.Select(s => $"{s.Path}={s.Value}"))} in namespace {failed.Name}: {failed.Error.Message}",
                failed.Error);
        }
    }
}
