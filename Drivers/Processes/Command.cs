using System.Collections.Immutable;
using System.Text;

namespace NetnsBdd.Drivers.Processes;

/// <summary>
/// A program and its arguments, always as a list: nothing the suite runs ever goes through a shell, so a namespace
/// name or URL with a quote or a `;` in it stays one argument.
/// </summary>
public sealed record Command
{
    public Command(string program, IEnumerable<string> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(program);
        Program = program;
        Arguments = [.. arguments];
        foreach (var argument in Arguments)
        {
            if (argument is null || argument.Contains('\0'))
            {
                throw new ArgumentException(
                    $"Argument list of '{program}' holds a null or NUL-containing argument; pass plain strings.",
                    nameof(arguments));
            }
        }
    }

    public Command(string program, params string[] arguments) : this(program, (IEnumerable<string>)arguments) { }

    public string Program { get; }

    public ImmutableArray<string> Arguments { get; }

    /// <summary>Text written to the process's standard input, which is then closed (e.g. an `ip -batch -` script).</summary>
    public string? StandardInput { get; init; }

    /// <summary>Environment overrides. Tools run with LC_ALL=C by default so their messages parse the same everywhere.</summary>
    public ImmutableDictionary<string, string> Environment { get; init; } =
        ImmutableDictionary<string, string>.Empty.Add("LC_ALL", "C").Add("LANG", "C");

    /// <summary>A guard against a hung tool; null means no limit beyond the caller's cancellation token.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How long a cancelled process gets after SIGTERM before it (and its children) are killed.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Characters kept of each output stream; the head and the tail are kept, the middle is elided.</summary>
    public int MaxOutputChars { get; init; } = 64 * 1024;

    /// <summary>Called for every line of standard output as it arrives (on a reader thread).</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>Called for every line of standard error as it arrives (on a reader thread).</summary>
    public Action<string>? OnErrorLine { get; init; }

    /// <summary>Called with the process id right after the process started, before the runner first yields.</summary>
    public Action<int>? OnStarted { get; init; }

    /// <summary>The same command prefixed so it runs as root: unchanged when already root, else through `sudo -n`.</summary>
    public Command AsRoot() =>
        Privileges.IsRoot ? this : WithPrefix("sudo", "-n");

    public Command WithPrefix(params string[] prefix) =>
        new(prefix[0], [.. prefix.Skip(1), Program, .. Arguments])
        {
            StandardInput = StandardInput,
            Environment = Environment,
            Timeout = Timeout,
            GracePeriod = GracePeriod,
            MaxOutputChars = MaxOutputChars,
            OnOutputLine = OnOutputLine,
            OnErrorLine = OnErrorLine,
            OnStarted = OnStarted,
        };

    /// <summary>The command line quoted as a POSIX shell would need it: for messages and logs only, never executed.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Quote(Program));
        foreach (var argument in Arguments)
        {
            text.Append(' ').Append(Quote(argument));
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
