using NetnsBdd.Support.Bdd;

namespace NetnsBdd.Tests.Reports;

/// <summary>
/// A small feature with every outcome a report must show (pass, failing step, undefined step, outline rows,
/// background), its bindings and two scenario hooks, shared by the Cucumber messages and HTML report tests.
/// </summary>
internal static class CucumberMessagesSample
{
    public const string FailureMessage = "link <eth0> broke & stayed down";

    public const string Feature = """
        @lab
        Feature: Router & "uplink" <sample>
          Background:
            Given a router with 80 Mbit per second

          Scenario: Passing download
            When 3 clients download "big.bin"
            Then every client finishes

          @flaky
          Scenario: Failing <link>
            When 2 clients download "big.bin"
            Then the link breaks
            And every client finishes

          Scenario: Undefined step
            When nobody wrote this step

          Scenario Outline: Outline with <clients> clients
            When <clients> clients download "small.bin"
            Then every client finishes

            Examples:
              | clients |
              | 1       |
              | 5       |
        """;

    public const string OtherFeature = """
        Feature: Second feature
          Scenario: Also passing
            Given a router with 10 Mbit per second
        """;
}

[Binding]
public sealed class CucumberMessagesSampleSteps
{
    [Given("a router with {int} Mbit per second")]
    public void Router(int mbit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mbit);
    }

    [When("{int} clients download {string}")]
    public void Download(int clients, string file)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(clients);
        ArgumentException.ThrowIfNullOrEmpty(file);
    }

    [Then("every client finishes")]
    public void EveryClientFinishes()
    {
    }

    [Then("the link breaks")]
    public void LinkBreaks() => throw new InvalidOperationException(CucumberMessagesSample.FailureMessage);

    [BeforeScenario]
    public void StartCapture()
    {
    }

    [AfterScenario]
    public void StopCapture()
    {
    }
}
