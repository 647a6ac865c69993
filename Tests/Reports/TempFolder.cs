using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Tests.Reports;

/// <summary>A fresh folder per test in the test host's scratch folder, removed afterwards (or with the scratch folder
/// when the test host dies first).</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = RunScratch.ForProcess.NewFolder("reports");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
