using NetnsBdd.Tests.Emulation;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// The test assembly's entry point (the test SDK's generated, empty one is switched off in the project file). Under
/// `dotnet test` it is never called. `dotnet NetnsBdd.dll lab-child ...` runs one lab scenario as a separate process
/// that the kill tests can signal (see <see cref="LabChild"/>); `unit-tests` and `chart` let a self-contained publish
/// (the linux-arm64 one under qemu in CI, or on a Pi) run the unit tests in-process and render charts;
/// `home-router up|check|down` drives the home-router emulation the CI runs uplink mode against (see
/// <see cref="HomeRouter.HomeRouterCommand"/>); `merge` writes a fleet report from several hosts' run folders.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        [LabChild.Verb, .. var rest] => await LabChild.RunAsync(rest, Console.Out),
        [SoakChild.Verb, .. var rest] => await SoakChild.RunAsync(rest, Console.Out),
        [InProcessUnitTests.Verb, .. var rest] => InProcessUnitTests.Run(rest, Console.Out),
        [ChartRender.Verb, .. var rest] => ChartRender.Run(rest, Console.Out),
        [HomeRouter.HomeRouterCommand.Verb, .. var rest] => await HomeRouter.HomeRouterCommand.RunAsync(rest, Console.Out, Console.Error),
        [Support.Merge.MergeCommand.Verb, .. var rest] => Support.Merge.MergeCommand.Run(rest, Console.Out, Console.Error),
        [] => 0,
        _ => Usage(args[0]),
    };

    private static int Usage(string verb)
    {
        Console.Error.WriteLine(
            $"unknown command '{verb}'; use {LabChild.Verb} CLIENTS FILE_BYTES DOWNSTREAM_MBPS [https], {SoakChild.Verb} CLIENTS FILE_BYTES ROUNDS FOLDER [Wget|Native], " +
            $"{InProcessUnitTests.Verb} [CATEGORY], {ChartRender.Verb} FOLDER, or {HomeRouter.HomeRouterCommand.Verb} up|check|down, or {Support.Merge.MergeCommand.Usage}.");
        return 2;
    }
}
