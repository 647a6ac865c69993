namespace NetnsBdd.Drivers.Processes;

/// <summary>A program the suite needs is not installed; the message names the Debian package that provides it.</summary>
public sealed class ToolMissingException(string tool, Exception? inner = null)
    : Exception(
        $"Required tool '{tool}' was not found on PATH. Install it with: apt-get install -y {ToolCatalog.DebianPackageFor(tool)} " +
        "(or run the project's tools/install.sh, which installs every tool the suite needs).",
        inner)
{
    public string Tool { get; } = tool;
}
