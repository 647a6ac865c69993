using System.Globalization;
using FluentAssertions;
using NetnsBdd.Support.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Tests.Bdd;

public enum Color
{
    Red,
    DarkBlue,
}

[Binding]
public sealed class TypedSteps(Log log)
{
    [Given("an int {int}")]
    public void Int(int value) => log.Add($"int {value}");

    [Given("a long {long}")]
    public void Long(long value) => log.Add($"long {value}");

    [Given("a float {float}")]
    public void Float(float value) => log.Add(string.Create(CultureInfo.InvariantCulture, $"float {value}"));

    [Given("a double {double}")]
    public void Double(double value) => log.Add(string.Create(CultureInfo.InvariantCulture, $"double {value}"));

    [Given("a decimal {decimal}")]
    public void Decimal(decimal value) => log.Add(string.Create(CultureInfo.InvariantCulture, $"decimal {value}"));

    [Given("a word {word}")]
    public void Word(string value) => log.Add($"word {value}");

    [Given("a string {string}")]
    public void String(string value) => log.Add($"string {value}");

    [Given("anything {}")]
    public void Anything(string value) => log.Add($"anything {value}");

    [Given("a color {Color}")]
    public void Enum(Color value) => log.Add($"color {value}");

    [Given("{int} cucumber(s) in the basket/bag")]
    public void Optional(int count) => log.Add($"cucumbers {count}");

    [Given(@"^a regex (\d+) and (.*)$")]
    public void Regex(int number, string rest) => log.Add($"regex {number} {rest}");

    [Given("a literal \\(not optional) \\{brace}")]
    public void Escaped() => log.Add("escaped");

    [Given("an async step")]
    public async Task Async()
    {
        await Task.Yield();
        log.Add("async");
    }
}

[TestFixture]
[Category("unit")]
public sealed class StepExpressionTests
{
    [Test]
    public async Task EachParameterTypeIsMatchedAndConvertedInvariantly()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Types
              Scenario: All parameter types
                Given an int -42
                And a long 9000000000
                And a float 1.5
                And a double -2.25
                And a decimal 19.99
                And a word veth0-peer
                And a string "hello \"quoted\" world"
                And a string 'single'
                And anything goes, even {braces}
                And a color darkblue
                And a color Red
                And 1 cucumber in the bag
                And 3 cucumbers in the basket
                And a regex 7 and some tail
                And a literal (not optional) {brace}
                And an async step
            """,
            typeof(TypedSteps));

        outcome.Single.Succeeded.Should().BeTrue(outcome.Single.FailureMessage);
        outcome.Log.Entries.Should().Equal(
            "int -42",
            "long 9000000000",
            "float 1.5",
            "double -2.25",
            "decimal 19.99",
            "word veth0-peer",
            "string hello \"quoted\" world",
            "string single",
            "anything goes, even {braces}",
            "color DarkBlue",
            "color Red",
            "cucumbers 1",
            "cucumbers 3",
            "regex 7 some tail",
            "escaped",
            "async");
    }

    [TestCase("an int 4.5")]
    [TestCase("a word two words")]
    [TestCase("a color green")]
    [TestCase("2 cucumbers in the box")]
    [TestCase("a literal not optional {brace}")]
    public async Task TextThatDoesNotFitTheExpressionIsUndefined(string step)
    {
        var outcome = await BddHarness.RunAsync($"Feature: F\n  Scenario: S\n    Given {step}\n", typeof(TypedSteps));

        outcome.Single.Status.Should().Be(ScenarioExecutionStatus.UndefinedStep);
        outcome.Single.Steps.Single().Status.Should().Be(StepStatus.Undefined);
    }

    [Test]
    public void RegexRuleFollowsReqnroll()
    {
        StepExpression.LooksLikeRegularExpression("^starts").Should().BeTrue();
        StepExpression.LooksLikeRegularExpression("ends$").Should().BeTrue();
        StepExpression.LooksLikeRegularExpression("a (plain) {int}").Should().BeFalse();
        StepExpression.Parse("^x (\\d+)", [typeof(int)]).Match("x 12 y").Should().BeNull("a regex is anchored at both ends");
        StepExpression.Parse("^x (\\d+)", [typeof(int)]).Match("x 12").Should().Equal("12");
    }

    [Test]
    public void UnknownParameterTypeIsABindingErrorNamingIt()
    {
        var registry = BindingRegistry.FromTypes(typeof(BadBindings));

        registry.Errors.Should().Contain(e => e.Contains("unknown parameter type {colour}", StringComparison.Ordinal));
        registry.Errors.Should().Contain(e => e.Contains("parameter 'socket' has unsupported type System.IO.Stream", StringComparison.Ordinal));
        registry.Errors.Should().Contain(e => e.Contains("captures 1 argument(s) but the method has 0 parameter(s)", StringComparison.Ordinal));
        registry.Errors.Should().Contain(e => e.Contains("BeforeFeature hooks must be static", StringComparison.Ordinal));
        registry.StepBindings.Should().BeEmpty();
    }

    [Test]
    public async Task BindingErrorsFailEveryScenarioWithTheList()
    {
        var outcome = await BddHarness.RunAsync("Feature: F\n  Scenario: S\n    Given anything\n", typeof(BadBindings));

        outcome.Single.Status.Should().Be(ScenarioExecutionStatus.BindingError);
        outcome.Single.FailureMessage.Should().Contain("The bindings have 4 error(s)").And.Contain("{colour}");
    }

    [Test]
    public async Task AConversionFailureNamesTheStepAndTheParameter()
    {
        var outcome = await BddHarness.RunAsync("Feature: F\n  Scenario: S\n    Given a long 99999999999999999999\n", typeof(TypedSteps));

        outcome.Single.Status.Should().Be(ScenarioExecutionStatus.BindingError);
        outcome.Single.FailureMessage.Should()
            .Contain("Step 'a long 99999999999999999999'")
            .And.Contain("parameter 'value' (Int64)")
            .And.Contain("TypedSteps.Long");
    }

    [Binding]
    public sealed class BadBindings
    {
        [Given("a {colour}")]
        public void UnknownType(Color color) => _ = color;

        [Given("a socket {}")]
        public void Unsupported(Stream socket) => _ = socket;

        [Given("a count {int}")]
        public void MissingParameter()
        {
        }

        [BeforeFeature]
        public void NotStatic()
        {
        }
    }
}
