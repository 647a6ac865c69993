namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// The test assembly's entry point (the test SDK's generated, empty one is switched off in the project file). Under
/// `dotnet test` it is never called; `dotnet NetnsBdd.dll lab-child ...` runs one lab scenario as a separate process
/// that the kill tests can signal (see <see cref="LabChild"/>); `dotnet NetnsBdd.dll home-router up|check|down` drives
/// the home-router emulation the CI runs uplink mode against (see <see cref="HomeRouter.HomeRouterCommand"/>).
/// </summary>
public static class Program
{
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static Task<int> Main(string[] args) => args switch
    {
        [LabChild.Verb, .. var rest] => LabChild.RunAsync(rest, Console.Out),
        [HomeRouter.HomeRouterCommand.Verb, .. var rest] => HomeRouter.HomeRouterCommand.RunAsync(rest, Console.Out, Console.Error),
        _ => Task.FromResult(0),
    };
}
