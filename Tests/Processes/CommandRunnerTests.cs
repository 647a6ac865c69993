using System.Diagnostics;
using FluentAssertions;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Tests.Emulation;
using NUnit.Framework;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Tests.Processes;

[TestFixture]
[Category("unit")]
public sealed class CommandRunnerTests
{
    private readonly CommandRunner _runner = new();

    [Test]
    public async Task Arguments_reach_the_program_verbatim_without_a_shell()
    {
        string[] hostile = ["a b", "it's", "x;rm -rf /", "$(id)", "new\nline", ""];

        var result = await _runner.ExecuteAsync(new Command("printf", ["%s|", .. hostile]));

        result.StandardOutput.Should().Be(string.Join("", hostile.Select(a => a + "|")));
    }

    [Test]
    public async Task Non_zero_exit_throws_with_command_line_exit_code_and_stderr()
    {
        var act = () => _runner.ExecuteAsync(new Command("sh", "-c", "echo broken pipe dream >&2; exit 3"));

        var failure = await act.Should().ThrowAsync<CommandFailedException>();
        failure.Which.Message.Should().Contain("exit code 3").And.Contain("sh -c").And.Contain("broken pipe dream");
        failure.Which.Result.ExitCode.Should().Be(3);
    }

    [Test]
    public async Task A_missing_program_names_the_tool_and_the_package_to_install()
    {
        var act = () => _runner.RunAsync(new Command("nbdd-no-such-tool", "--version"));

        (await act.Should().ThrowAsync<ToolMissingException>())
            .Which.Message.Should().Contain("'nbdd-no-such-tool'").And.Contain("apt-get install");
    }

    [Test]
    public async Task Standard_input_is_written_and_closed()
    {
        var result = await _runner.ExecuteAsync(new Command("cat") { StandardInput = "link add\nlink del\n" });

        result.StandardOutput.Should().Be("link add\nlink del\n");
    }

    [Test]
    public async Task Output_beyond_the_limit_keeps_head_and_tail()
    {
        var result = await _runner.ExecuteAsync(
            new Command("sh", "-c", "echo FIRST; seq 1 100000; echo LAST") { MaxOutputChars = 1000 });

        result.StandardOutput.Length.Should().BeLessThan(1100);
        result.StandardOutput.Should().StartWith("FIRST").And.Contain("elided").And.EndWith("LAST\n");
    }

    [Test]
    public async Task Lines_are_reported_as_they_arrive()
    {
        var lines = new List<string>();
        await _runner.ExecuteAsync(new Command("printf", "one\ntwo\rthree") { OnOutputLine = lines.Add });

        lines.Should().Equal("one", "two", "three");
    }

    [Test]
    public async Task Cancellation_sends_sigterm_first_so_the_process_can_clean_up()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var marker = RunScratch.ForProcess.NewFile("term", "marker", "");
        var command = new Command("sh", "-c", $"trap 'touch {marker}; kill $!; exit 0' TERM; sleep 30 & wait");

        var act = () => _runner.RunAsync(command, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        File.Exists(marker).Should().BeTrue("the TERM trap ran before any kill");
        File.Delete(marker);
    }

    [Test]
    public async Task Cancellation_kills_a_process_that_ignores_sigterm_after_the_grace_period()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var command = new Command("sh", "-c", "trap '' TERM; while :; do sleep 0.05; done")
        {
            GracePeriod = TimeSpan.FromMilliseconds(300),
        };
        var clock = Stopwatch.StartNew();

        var act = () => _runner.RunAsync(command, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        clock.Elapsed.Should().BeLessThan(Qemu.Stretch(TimeSpan.FromSeconds(5)), "the loop never ends by itself: only the kill after the grace period ends it");
    }

    [Test]
    public async Task A_hung_command_fails_with_its_timeout_and_command_line()
    {
        var act = () => _runner.RunAsync(new Command("sleep", "30") { Timeout = TimeSpan.FromMilliseconds(200) });

        (await act.Should().ThrowAsync<CommandTimeoutException>()).Which.Message.Should().Contain("sleep 30");
    }

    [Test]
    public void The_display_form_quotes_what_a_shell_would_split()
    {
        var command = new Command("ip", "netns", "exec", "nbdd-x", "echo", "it's a b");

        command.ToString().Should().Be("ip netns exec nbdd-x echo 'it'\\''s a b'");
    }
}
