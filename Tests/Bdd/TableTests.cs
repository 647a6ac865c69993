using FluentAssertions;
using NetnsBdd.Support.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Tests.Bdd;

public sealed class ClientSpec
{
    public string Name { get; set; } = string.Empty;

    public int Count { get; set; }

    public Color Color { get; set; }

    public bool Enabled { get; set; }
}

public sealed record LinkSpec(string Name, int RateMbit);

[Binding]
public sealed class TableSteps(Log log)
{
    [Given("these clients:")]
    public void Clients(Table table)
    {
        foreach (var c in table.CreateSet<ClientSpec>())
        {
            log.Add($"{c.Name}/{c.Count}/{c.Color}/{c.Enabled}");
        }
    }

    [Given("this link:")]
    public void Link(Table table)
    {
        var link = table.CreateInstance<LinkSpec>();
        log.Add($"{link.Name}@{link.RateMbit}");
    }

    [Given("a config file:")]
    public void Config(string docString) => log.Add(docString);
}

[TestFixture]
[Category("unit")]
public sealed class TableTests
{
    [Test]
    public async Task CreateSetFillsIntStringEnumAndBoolColumnsWithCaseInsensitiveHeaders()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Tables
              Scenario: A set
                Given these clients:
                  | NAME  | count | Color    | enabled |
                  | alpha | 10    | dark blue | yes     |
                  | beta  | 2     | red      | false   |
            """,
            typeof(TableSteps));

        outcome.Single.Succeeded.Should().BeTrue(outcome.Single.FailureMessage);
        outcome.Log.Entries.Should().Equal("alpha/10/DarkBlue/True", "beta/2/Red/False");
    }

    [Test]
    public async Task CreateInstanceReadsAVerticalTableIntoARecordConstructor()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Tables
              Scenario: An instance
                Given this link:
                  | Field     | Value |
                  | name      | wan   |
                  | Rate Mbit | 80    |
            """,
            typeof(TableSteps));

        outcome.Single.Succeeded.Should().BeTrue(outcome.Single.FailureMessage);
        outcome.Log.Entries.Should().Equal("wan@80");
    }

    [Test]
    public void AMissingColumnIsAnErrorNamingIt()
    {
        var table = new Table("Name");
        table.AddRow("wan");

        var create = () => table.CreateInstance<LinkSpec>();

        create.Should().Throw<ArgumentException>()
            .WithMessage("*no column for constructor parameter 'RateMbit'*columns given: Name*");
    }

    [Test]
    public void AnUnknownColumnIsAnErrorNamingIt()
    {
        var table = new Table("Name", "Colour");
        table.AddRow("a", "red");

        var create = () => table.CreateSet<ClientSpec>();

        create.Should().Throw<ArgumentException>().WithMessage("*column 'Colour' matches no constructor parameter or settable property*");
    }

    [Test]
    public void ABadCellValueNamesTheColumnAndTheRow()
    {
        var table = new Table("Name", "Count");
        table.AddRow("a", "1");
        table.AddRow("b", "many");

        var create = () => table.CreateSet<ClientSpec>();

        create.Should().Throw<ArgumentException>().WithMessage("*row 2: column 'Count': 'many' is not a valid Int32*");
    }

    [Test]
    public async Task ADocStringIsPassedAsTheLastStringParameter()
    {
        var outcome = await BddHarness.RunAsync(
            "Feature: Docs\n  Scenario: A doc string\n    Given a config file:\n      \"\"\"\n      rate: 80\n      burst: 10\n      \"\"\"\n",
            typeof(TableSteps));

        outcome.Single.Succeeded.Should().BeTrue(outcome.Single.FailureMessage);
        outcome.Log.Entries.Should().Equal("rate: 80\nburst: 10");
    }

    [Test]
    public async Task AStepWithoutItsTableFailsSayingSo()
    {
        var outcome = await BddHarness.RunAsync("Feature: F\n  Scenario: S\n    Given these clients:\n", typeof(TableSteps));

        outcome.Single.FailureMessage.Should().Contain("expects a data table for parameter 'table' but the step has none");
    }
}
