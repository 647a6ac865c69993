using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.Lab;

/// <summary>Bare namespaces for tests that only need names to exist (no links, no lab): one `ip -batch` each way.</summary>
internal static class TestNamespaces
{
    public static Task AddAsync(CommandRunner runner, params string[] names) => runner.ExecuteAsync(Batch("add", names).Ip());

    /// <summary>Deletes whichever of <paramref name="names"/> exist (-force: one already gone does not stop the rest).</summary>
    public static Task DeleteAsync(CommandRunner runner, params string[] names) => runner.RunAsync(Batch("del", names).Ip(force: true));

    private static IpBatch Batch(string verb, string[] names)
    {
        var batch = new IpBatch();
        foreach (var name in names)
        {
            batch.Add($"netns {verb} {name}");
        }

        return batch;
    }
}
