using System.Security.Cryptography;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Six characters that make one run's names unique: every namespace, link and run file of the run starts with
/// <c>nbdd</c> + this id, so two runs (or a crashed earlier run) never collide and the reaper can tell them apart.
/// </summary>
public sealed record RunId
{
    public const int Length = 6;
    public const string Prefix = "nbdd";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public RunId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException(
                $"Run id '{value}' is invalid: it must be {Length} characters of [a-z0-9] starting with a letter other " +
                "than 't' (names starting 'nbddt' belong to other tests).",
                nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    /// <summary><c>nbdd</c> + id: the start of every name this run creates.</summary>
    public string NamePrefix => Prefix + Value;

    public static RunId New()
    {
        // 't' is avoided as first letter: other helpers' tests use names beginning "nbddt".
        var first = "abcdefghijklmnopqrsuvwxyz"[RandomNumberGenerator.GetInt32(25)];
        var rest = RandomNumberGenerator.GetString(Alphabet, Length - 1);
        return new RunId(first + rest);
    }

    public static bool IsValid(string? value) =>
        value is { Length: Length } && value[0] is >= 'a' and <= 'z' && value[0] != 't' &&
        value.All(c => Alphabet.Contains(c));

    public override string ToString() => Value;
}
