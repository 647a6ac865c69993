namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// A hook script a client program of the run calls (udhcpc's, dhclient's), written once per run to the run folder,
/// executable by its owner only, and gone with the folder at teardown.
/// </summary>
internal static class RunFolderScript
{
    public static string Write(LabNames names, string fileName, string text)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The lab runs on Linux only (network namespaces).");
        }

        var path = Path.Combine(names.RunFolder, fileName);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
