using System.Text;

namespace NetnsBdd.Drivers;

/// <summary>The rule every name the suite gives a namespace or link follows: what the kernel accepts, and nothing a shell or a path could misread.</summary>
public static class NetworkNamespaceName
{
    public const int MaxBytes = 15;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name)
        && Encoding.UTF8.GetByteCount(name) <= MaxBytes
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && name[0] != '-';
}
