using FluentAssertions;
using NetnsBdd.Support.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Tests.Bdd;

/// <summary>A per-scenario context object, itself constructed with an injected dependency.</summary>
public sealed class SharedState(Log log) : IDisposable
{
    public List<string> Items { get; } = new();

    public void Dispose() => log.Add($"disposed SharedState [{string.Join(",", Items)}]");
}

public sealed class AsyncResource(Log log) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        log.Add("disposed AsyncResource");
    }
}

public sealed class FeatureCounter(Log log) : IDisposable
{
    public int Value { get; set; }

    public void Dispose() => log.Add($"disposed FeatureCounter at {Value}");
}

public interface IClock
{
    string Now { get; }
}

public sealed class FixedClock : IClock
{
    public string Now => "12:00";
}

[Binding]
public sealed class WriterSteps(SharedState state, AsyncResource resource, ScenarioContext scenario)
{
    [BeforeFeature]
    public static void RegisterFeatureScoped(FeatureContext feature, Log log) =>
        feature.FeatureContainer.RegisterInstanceAs(new FeatureCounter(log), dispose: true);

    [BeforeScenario]
    public static void RegisterClock(IObjectContainer container) => container.RegisterInstanceAs<IClock>(new FixedClock());

    [Given("A writes {word}")]
    public void Write(string item)
    {
        _ = resource;
        state.Items.Add(item);
        scenario.Set(item, "last");
    }
}

[Binding]
public sealed class ReaderSteps(SharedState state, ScenarioContext scenario, FeatureContext feature, FeatureCounter counter, IClock clock, Log log)
{
    [Then("B reads the shared state")]
    public void Read()
    {
        counter.Value++;
        log.Add($"{scenario.ScenarioInfo.Title} [{string.Join(",", scenario.ScenarioInfo.Tags)}] in {feature.FeatureInfo.Title}: " +
            $"items=[{string.Join(",", state.Items)}] last={(scenario.TryGetValue<string>("last", out var last) ? last : "-")} " +
            $"counter={counter.Value} clock={clock.Now} same-feature={ReferenceEquals(scenario.FeatureContext, feature)}");
    }
}

[Binding]
public sealed class CyclicA(CyclicB b)
{
    [Given("a cycle")]
    public void Step() => _ = b;
}

public sealed class CyclicB(CyclicA a)
{
    public CyclicA A => a;
}

[TestFixture]
[Category("unit")]
public sealed class InjectionTests
{
    [Test]
    public async Task ContextObjectsAreSharedWithinAScenarioAndDisposedNewestFirstAtItsEnd()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Injection
              @first
              Scenario: One
                Given A writes x
                And A writes y
                Then B reads the shared state
              Scenario: Two
                Then B reads the shared state
            """,
            typeof(WriterSteps),
            typeof(ReaderSteps));

        outcome.Results.Should().AllSatisfy(r => r.Succeeded.Should().BeTrue(r.FailureMessage));
        outcome.Log.Entries.Should().Equal(
            "One [first] in Injection: items=[x,y] last=y counter=1 clock=12:00 same-feature=True",
            "disposed AsyncResource",
            "disposed SharedState [x,y]",
            "Two [] in Injection: items=[] last=- counter=2 clock=12:00 same-feature=True",
            "disposed SharedState []",
            "disposed FeatureCounter at 2");
    }

    [Test]
    public async Task ACircularDependencyIsReportedWithItsChain()
    {
        var outcome = await BddHarness.RunAsync("Feature: F\n  Scenario: S\n    Given a cycle\n", typeof(CyclicA));

        outcome.Single.FailureMessage.Should().Contain("Circular constructor dependency").And.Contain("CyclicA -> CyclicB -> CyclicA");
    }

    [Test]
    public async Task AnInterfaceNobodyRegisteredIsExplained()
    {
        var container = new ObjectContainer();
        var resolve = () => container.Resolve<IClock>();

        resolve.Should().Throw<BindingException>().WithMessage("*IClock*Register an instance in a hook*");
        await container.DisposeAsync();
    }
}
