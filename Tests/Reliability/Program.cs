namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// The test assembly's entry point (the test SDK's generated, empty one is switched off in the project file). Under
/// `dotnet test` it is never called; `dotnet NetnsBdd.dll lab-child ...` runs one lab scenario as a separate process
/// that the kill tests can signal (see <see cref="LabChild"/>).
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) =>
        args is [LabChild.Verb, .. var rest] ? LabChild.RunAsync(rest, Console.Out) : Task.FromResult(0);
}
