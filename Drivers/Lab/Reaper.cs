using NetnsBdd.Drivers.Namespaces;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Removes what crashed runs of the suite left behind, and nothing else: only run ids whose run file exists and whose
/// recorded owner process is dead. A namespace that looks like the suite's (nbdd...) without a run file may belong to
/// another tool or test; it is reported, never deleted.
/// </summary>
public sealed class Reaper(LabHost host, string runDirectory)
{
    /// <summary>Reaps dead runs other than <paramref name="self"/>; returns the run ids reaped.</summary>
    public async Task<IReadOnlyList<string>> ReapAsync(RunId? self, CancellationToken cancellationToken)
    {
        var namespaces = Directory.Exists(host.NetnsDirectory)
            ? Directory.GetFiles(host.NetnsDirectory).Select(Path.GetFileName).OfType<string>()
                .Where(name => name.StartsWith(RunId.Prefix, StringComparison.Ordinal)).ToArray()
            : [];
        var known = new HashSet<string>(StringComparer.Ordinal);
        var reaped = new List<string>();
        foreach (var (id, record) in RunFiles())
        {
            known.Add(id);
            if (id == self?.Value || record is null || record.IsOwnerAlive())
            {
                continue;
            }

            var names = new LabNames(new RunId(id), runDirectory);
            var leftovers = namespaces.Where(ns => LabNames.RunIdOf(ns) == id).ToArray();
            await NamespaceGroup.DestroyAsync(host, leftovers, cancellationToken).ConfigureAwait(false);
            RunScratch.Delete(names.Prefix);
            NetnsEtcFolders.DeleteRun(names.Prefix);
            RunFileOwner.Remove(names);
            host.Warn($"reaped run {id} (owner pid {record.ProcessId} is gone): {leftovers.Length} namespace(s).");
            reaped.Add(id);
        }

        foreach (var orphan in namespaces.Where(ns => LabNames.RunIdOf(ns) is not { } id || !known.Contains(id)))
        {
            host.Warn($"namespace {orphan} starts with '{RunId.Prefix}' but no run file in {runDirectory} claims it; " +
                      $"left alone. If it is stale, remove it with `ip netns del {orphan}`.");
        }

        // Scratch folders of dead processes that had no lab (a test host's own) or whose run file is already gone.
        RunScratch.ReapDead(host.Warn);
        return reaped;
    }

    private IEnumerable<(string Id, RunRecord? Record)> RunFiles()
    {
        if (!Directory.Exists(runDirectory))
        {
            yield break;
        }

        foreach (var file in Directory.GetFiles(runDirectory, RunId.Prefix + "*.run"))
        {
            var id = LabNames.RunIdOf(Path.GetFileNameWithoutExtension(file));
            if (id is null || !RunId.IsValid(id) || Path.GetFileNameWithoutExtension(file).Length != RunId.Prefix.Length + RunId.Length)
            {
                continue;
            }

            RunRecord? record;
            try
            {
                record = RunRecord.Parse(File.ReadAllText(file));
            }
            catch (IOException)
            {
                record = null;
            }

            yield return (id, record);
        }
    }
}
