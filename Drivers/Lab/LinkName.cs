using System.Text;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Validation for kernel interface and namespace names: the kernel caps interface names at 15 bytes (IFNAMSIZ - 1), and
/// the suite only accepts <c>[a-z0-9-]</c>, besides '.', '_' for existing uplink interfaces, so a name never needs
/// quoting and cannot be read as an iproute2 keyword or option.
/// </summary>
public static class LinkName
{
    public const int MaxBytes = 15;

    /// <summary>Null when <paramref name="name"/> is usable, else a message naming the problem and the fix.</summary>
    public static string? Problem(string? name, string what, bool allowDotAndUnderscore = false)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"{what} is empty; set it to an interface name such as 'eth1'.";
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxBytes)
        {
            return $"{what} '{name}' is {bytes} bytes long; Linux interface names hold at most {MaxBytes} bytes. " +
                   "Use a shorter name (see `ip link` for the real one).";
        }

        var bad = name.FirstOrDefault(c => !(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' ||
                                              (allowDotAndUnderscore && c is '.' or '_')));
        if (bad != default)
        {
            return $"{what} '{name}' contains '{(char.IsWhiteSpace(bad) ? "whitespace" : bad.ToString())}'; only " +
                   $"[a-z0-9-{(allowDotAndUnderscore ? "._" : "")}] are accepted. Use the name exactly as `ip link` shows it.";
        }

        if (name[0] == '-')
        {
            return $"{what} '{name}' starts with '-', which tools would read as an option; use the real interface name.";
        }

        return null;
    }

    /// <summary>Throws <see cref="LabSetupException"/> unless <paramref name="name"/> is usable.</summary>
    public static string Validate(string name, string what, bool allowDotAndUnderscore = false) =>
        Problem(name, what, allowDotAndUnderscore) is { } problem ? throw new LabSetupException(problem) : name;
}
