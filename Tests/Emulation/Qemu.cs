using NUnit.Framework;

namespace NetnsBdd.Tests.Emulation;

/// <summary>
/// Tests that cannot pass under qemu user-mode emulation for a reason of qemu's own (not of the suite's or of arm64's)
/// call <see cref="SkipIfEmulated"/> with that reason. Only the emulated CI stage (.ci/arm64-emulated) sets
/// <see cref="Variable"/>; everywhere else, a Pi included, the test runs.
/// </summary>
internal static class Qemu
{
    public const string Variable = "NBDD_EMULATOR";

    public static bool IsEmulated => Environment.GetEnvironmentVariable(Variable) == "qemu";

    /// <summary>
    /// A wall-time bound that guards against a hang, stretched under emulation: qemu runs .NET code (JIT included)
    /// several times slower, e.g. 14 s where the native run takes 0.7 s for CommandRunner's kill after a grace period.
    /// </summary>
    public static TimeSpan Stretch(TimeSpan nativeBound) => IsEmulated ? nativeBound * 8 : nativeBound;

    /// <summary>Skips when emulated and qemu's TCP_INFO is too short for tcpi_bytes_acked, printing the length seen.</summary>
    public static void SkipIfTcpInfoIsTruncated()
    {
        if (IsEmulated && TcpInfoProbe.Length() is var length && length < TcpInfoProbe.BytesAckedEnd)
        {
            SkipIfEmulated($"getsockopt(TCP_INFO) returned {length} bytes, and tcpi_bytes_acked needs {TcpInfoProbe.BytesAckedEnd} " +
                           "(qemu-user translates only the first field of struct tcp_info)");
        }
    }

    public static void SkipIfEmulated(string reason)
    {
        if (IsEmulated)
        {
            Assert.Ignore($"skipped under qemu user-mode emulation ({Variable}=qemu): {reason}");
        }
    }
}
