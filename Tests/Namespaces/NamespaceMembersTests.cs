using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Tests.Lab;

namespace NetnsBdd.Tests.Namespaces;

/// <summary>
/// Processes that enter a namespace while it is being deleted: they keep it alive without a name, so only its
/// identity finds them, and a lab's teardown must still stop them.
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class NamespaceMembersTests
{
    private readonly CommandRunner _runner = new();

    [Test]
    public async Task A_process_in_a_namespace_whose_name_was_deleted_is_found_by_the_namespace_identity()
    {
        var name = new LabNames(RunId.New(), "/run/nbdd").ClientNamespace(1);
        await TestNamespaces.AddAsync(_runner, name);
        using var sleeper = StartIn(name);
        try
        {
            var identity = NamespaceMembers.IdentityOf(name);
            identity.Should().MatchRegex(@"^net:\[\d+\]$");
            await WaitUntilAsync(() => NamespaceMembers.Find(new HashSet<string> { identity! }).Contains(sleeper.Id));

            await _runner.ExecuteAsync(new IpBatch().Add($"netns del {name}").Ip());

            File.Exists(Path.Combine(NetworkNamespace.NamesDirectory, name)).Should().BeFalse();
            NamespaceMembers.Find(new HashSet<string> { identity! }).Should().Equal([sleeper.Id], "the nameless namespace still holds it");
            NamespaceMembers.IdentityOf(name).Should().BeNull("the name is gone");
        }
        finally
        {
            sleeper.Kill();
            await TestNamespaces.DeleteAsync(_runner, name);
        }
    }

    [Test]
    public async Task An_aborted_teardown_stops_the_processes_still_being_started_in_its_namespaces()
    {
        var names = Enumerable.Range(1, 4).Select(new LabNames(RunId.New(), "/run/nbdd").ClientNamespace).ToArray();
        await TestNamespaces.AddAsync(_runner, names);
        var started = new List<Process>();
        using var stop = new CancellationTokenSource();

        // Like wget's engine when a signal arrives mid-spawn: processes keep being started in the namespaces while
        // they are torn down, some of them after `netns pids` has listed what was there.
        var spawner = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var process = StartIn(names[i % names.Length]);
                lock (started)
                {
                    started.Add(process);
                }

                await Task.Delay(2);
            }
        });
        try
        {
            await Task.Delay(100);
            await NamespaceGroup.DestroyAsync(new LabHost(), names, CancellationToken.None, NamespaceGroup.AbortWatch);
            await stop.CancelAsync();
            await spawner;

            Process[] all;
            lock (started)
            {
                all = [.. started];
            }

            all.Should().HaveCountGreaterThan(10, "processes were being started throughout");
            all.Where(p => !p.WaitForExit(TimeSpan.FromSeconds(3))).Select(p => p.Id)
                .Should().BeEmpty("every process that entered a lab namespace is stopped by its teardown");
            names.Should().OnlyContain(n => !File.Exists(Path.Combine(NetworkNamespace.NamesDirectory, n)));
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var process in started)
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                }

                process.Dispose();
            }

            await TestNamespaces.DeleteAsync(_runner, names);
        }
    }

    // After the names are gone `ip netns exec` fails at once: that process ends by itself, as a real spawn would.
    private static Process StartIn(string name)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "netns", "exec", name, "sleep", "30" })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the process should have entered its namespace");
            await Task.Delay(10);
        }
    }
}
