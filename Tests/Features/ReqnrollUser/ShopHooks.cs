using Reqnroll;

namespace NetnsBdd.Tests.Features.ReqnrollUser;

/// <summary>
/// Every hook kind, each appending its name to the file named by SHOP_HOOK_LOG (set by the test that runs these
/// features; unset in any other run, where the unscoped test-run hooks then do nothing).
/// </summary>
[Binding]
public sealed class ShopHooks(IReqnrollOutputHelper output)
{
    [BeforeTestRun]
    public static void BeforeTestRun() => Log("BeforeTestRun");

    [AfterTestRun]
    public static void AfterTestRun() => Log("AfterTestRun");

    [BeforeFeature("reqnrollUser")]
    public static void BeforeFeature(FeatureContext feature) => Log($"BeforeFeature {feature.FeatureInfo.Title}");

    [AfterFeature("reqnrollUser")]
    public static void AfterFeature(FeatureContext feature) => Log($"AfterFeature {feature.FeatureInfo.Title}");

    [BeforeScenario("reqnrollUser", Order = 1)]
    public void OpenTheTill(ScenarioContext scenario)
    {
        Log($"BeforeScenario OpenTheTill {scenario.ScenarioInfo.Title}");
        output.WriteLine("till opened");
    }

    [AfterScenario("reqnrollUser")]
    public void CloseTheTill(ScenarioContext scenario) => Log($"AfterScenario CloseTheTill {scenario.ScenarioInfo.Title} {scenario.ScenarioExecutionStatus}");

    private static void Log(string line)
    {
        if (Environment.GetEnvironmentVariable("SHOP_HOOK_LOG") is { Length: > 0 } path)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}
