using System.Globalization;

namespace NetnsBdd.Drivers.Health;

/// <summary>
/// Reads the suite's own processes from <c>/proc</c>: the test host (with the lab's in-process download server) and
/// every process below it (ip, timeout, wget, dnsmasq, udhcpc), found by parent pid in a scan of every
/// <c>/proc/&lt;pid&gt;/stat</c>.
/// </summary>
/// <remarks>
/// Processes come and go between samples; what keeps the running total right is the kernel adding an exited child's
/// times (with those of the children it reaped) to its parent's cutime/cstime. The scan goes in ascending pid order,
/// which is the order children are made in, so a parent is read before its child: a child reaped in between is missed
/// for one sample and then found in the parent's cutime (the total catches up) rather than counted twice. A process
/// that leaves the tree without being reaped by it (an orphan re-parented to init) takes its time with it; none of
/// the suite's tools daemonise.
/// </remarks>
public sealed class SuiteProcesses(IHostFiles files, int rootPid, long pageSize)
{
    public const string ProcRoot = "/proc";

    public int RootPid => rootPid;

    public SuiteSnapshot Read()
    {
        var pids = new List<int>(256);
        foreach (var directory in files.EnumerateDirectories(ProcRoot, "*"))
        {
            if (int.TryParse(Path.GetFileName(directory.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                pids.Add(pid);
            }
        }

        pids.Sort();
        var stats = new Dictionary<int, ProcessStat>(pids.Count);
        foreach (var pid in pids)
        {
            var path = StatPath(pid);
            string content;
            try
            {
                content = files.ReadAllText(path);
            }
            catch (Exception ex) when (pid != rootPid && ex is IOException or UnauthorizedAccessException)
            {
                // Exited since the directory was listed (ESRCH or not found): its time is in its parent's cutime.
                continue;
            }

            stats[pid] = ProcessStatParser.Parse(content, path);
        }

        if (!stats.TryGetValue(rootPid, out var root))
        {
            throw new FileNotFoundException(
                $"{StatPath(rootPid)}: the test host's process (pid {rootPid}) is not listed under {ProcRoot}", StatPath(rootPid));
        }

        var children = new Dictionary<int, List<int>>();
        foreach (var stat in stats.Values)
        {
            if (stat.Pid != rootPid)
            {
                (children.TryGetValue(stat.ParentPid, out var list) ? list : children[stat.ParentPid] = []).Add(stat.Pid);
            }
        }

        long ticks = 0;
        long rssPages = 0;
        var count = 0;
        var pending = new Stack<int>();
        pending.Push(root.Pid);
        // The count guard only matters for a malformed fixture: real parent links cannot form a cycle.
        while (count < stats.Count && pending.TryPop(out var pid))
        {
            var stat = stats[pid];
            ticks += stat.TicksWithReapedChildren;
            rssPages += stat.RssPages;
            count++;
            if (children.TryGetValue(pid, out var below))
            {
                foreach (var child in below)
                {
                    pending.Push(child);
                }
            }
        }

        return new SuiteSnapshot(ticks, rssPages * pageSize, count);
    }

    private static string StatPath(int pid) => string.Create(CultureInfo.InvariantCulture, $"{ProcRoot}/{pid}/stat");
}
