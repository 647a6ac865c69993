using System.Diagnostics;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// The run-wide registry of labs that exist right now (the one piece of static mutable state the suite allows: the
/// signal and exit handlers of <see cref="LabShutdown"/> own it). A lab joins before its first namespace is made and
/// leaves once its teardown has finished, so a signal arriving at any moment finds everything that could be left.
/// </summary>
public static class LiveLabs
{
    private static readonly HashSet<NamespaceLab> Labs = [];
    private static bool _closed;

    public static int Count
    {
        get
        {
            lock (Labs)
            {
                return Labs.Count;
            }
        }
    }

    internal static void Add(NamespaceLab lab)
    {
        LabShutdown.Install();
        lock (Labs)
        {
            if (_closed)
            {
                // A scenario still running while the process exits must not build what nobody will tear down.
                throw new OperationCanceledException("The process is shutting down (a signal or exit arrived); no new lab is built.");
            }

            Labs.Add(lab);
        }
    }

    internal static void Remove(NamespaceLab lab)
    {
        lock (Labs)
        {
            Labs.Remove(lab);
        }
    }

    /// <summary>Refuses new labs from now on: called by the exit and signal handlers before they tear down.</summary>
    internal static void Close()
    {
        lock (Labs)
        {
            _closed = true;
        }
    }

    /// <summary>
    /// Aborts every live lab's build and tears it down, all labs in parallel, waiting at most <paramref name="limit"/>
    /// (a signal handler must not hang the exit). Returns how many labs were still being torn down when time ran out.
    /// </summary>
    public static int TearDownAll(TimeSpan limit)
    {
        NamespaceLab[] labs;
        lock (Labs)
        {
            labs = [.. Labs];
        }

        if (labs.Length == 0)
        {
            return 0;
        }

        var clock = Stopwatch.StartNew();
        var work = labs.Select(lab => Task.Run(() => lab.AbortAsync(limit))).ToArray();
        try
        {
            Task.WaitAll(work, limit);
        }
        catch (AggregateException)
        {
            // Each lab's own teardown warns about what it could not remove; the remaining labs still ran.
        }

        var unfinished = work.Count(t => !t.IsCompleted);
        Console.Error.WriteLine(
            $"[lab] torn down {labs.Length - unfinished} of {labs.Length} live lab(s) in {clock.Elapsed.TotalSeconds:0.##} s before exit" +
            (unfinished > 0 ? "; the next run's reaper removes the rest." : "."));
        return unfinished;
    }
}
