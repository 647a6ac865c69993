using System.Runtime.InteropServices;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Tears down every <see cref="LiveLabs">live lab</see> when the process is asked to stop: SIGINT (Ctrl-C),
/// SIGTERM, SIGQUIT, a normal exit with labs still up, and an unhandled exception. The handler blocks for at most
/// <see cref="Limit"/> and then lets the default action end the process (Cancel stays false), so a stuck teardown
/// cannot keep a test host alive. SIGKILL cannot be caught: the run file stays, and the next run's
/// <see cref="Reaper"/> removes what is left.
/// <para>Installed by the first lab of a process and by the run hooks; installing twice does nothing.</para>
/// </summary>
public static class LabShutdown
{
    /// <summary>Bounds the teardown in a handler; a full 50-client lab takes well under 2 s.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private static readonly object Gate = new();
    private static List<PosixSignalRegistration>? _registrations;

    public static bool IsInstalled
    {
        get
        {
            lock (Gate)
            {
                return _registrations is not null;
            }
        }
    }

    public static void Install()
    {
        lock (Gate)
        {
            if (_registrations is not null)
            {
                return;
            }

            // Kept in a field: a registration that is collected stops handling its signal.
            _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }
                .Select(signal => PosixSignalRegistration.Create(signal, OnSignal))];
            AppDomain.CurrentDomain.ProcessExit += (_, _) => CloseAndTearDown();
            AppDomain.CurrentDomain.UnhandledException += (_, _) => CloseAndTearDown();
        }
    }

    private static void OnSignal(PosixSignalContext context)
    {
        if (LiveLabs.Count > 0)
        {
            Console.Error.WriteLine($"[lab] {context.Signal}: tearing down the live labs before exit.");
        }

        CloseAndTearDown();

        // Not cancelled: the default action (terminate) follows, as the sender asked.
        context.Cancel = false;
    }

    private static void CloseAndTearDown()
    {
        LiveLabs.Close();
        LiveLabs.TearDownAll(Limit);
        RunScratch.DeleteProcessScratch();
    }
}
