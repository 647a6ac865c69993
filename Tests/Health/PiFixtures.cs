using NUnit.Framework;

namespace NetnsBdd.Tests.Health;

/// <summary>Locates the recorded Raspberry Pi files copied next to the test assembly.</summary>
internal static class PiFixtures
{
    public static string Root => Path.Combine(TestContext.CurrentContext.TestDirectory, "Tests", "Fixtures", "pi");

    public static string Pi4 => Path.Combine(Root, "pi4");

    public static string Pi5 => Path.Combine(Root, "pi5");

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));
}
