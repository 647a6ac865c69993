using NetnsBdd.Support.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Features;

/// <summary>Maps Reqnroll's BeforeTestRun/AfterTestRun onto the namespace holding every feature fixture.</summary>
[SetUpFixture]
public sealed class BddTestRunSetUp
{
    [OneTimeSetUp]
    public async Task BeforeTestRunAsync()
    {
        // A BeforeTestRun failure is not thrown here: each scenario then fails naming it, as in Reqnroll.
        await ProductRun.GetOrStartAsync(TestContext.Progress);
    }

    [OneTimeTearDown]
    public async Task AfterTestRunAsync()
    {
        if (await ProductRun.FinishAsync() is { } error)
        {
            throw new ScenarioFailedException($"The test run's hooks failed: {error.Message}", error);
        }
    }
}
