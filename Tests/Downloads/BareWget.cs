using System.Diagnostics;

namespace NetnsBdd.Tests.Downloads;

/// <summary>
/// The reference the harness is held to: the same wget per client namespace, started with plain Process.Start in a
/// tight loop, no timeout wrapper, no progress output, nothing read, awaited together and timed by the wall clock.
/// </summary>
internal static class BareWget
{
    public sealed record Result(TimeSpan Wall, int Failed);

    public static async Task<Result> RunAsync(IReadOnlyList<string> namespaces, Uri url)
    {
        var processes = new List<Process>(namespaces.Count);
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var ns in namespaces)
            {
                var start = new ProcessStartInfo("ip") { UseShellExecute = false };
                foreach (var argument in new[] { "netns", "exec", ns, "wget", "-q", "-O", "/dev/null", url.AbsoluteUri })
                {
                    start.ArgumentList.Add(argument);
                }

                processes.Add(Process.Start(start)!);
            }

            await Task.WhenAll(processes.Select(p => p.WaitForExitAsync()));
            var wall = clock.Elapsed;
            return new Result(wall, processes.Count(p => p.ExitCode != 0));
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }
}
