using Reqnroll;
using Reqnroll.Bindings;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>
/// One pickle as one NUnit test: its identifier-style test name (filters reject spaces), readable title (the test's
/// description), NUnit categories (every tag, without '@'), what the runtime is told about it, and its steps.
/// </summary>
public sealed record Scenario(
    string TestName,
    string Title,
    IReadOnlyList<string> Categories,
    ScenarioInfo Info,
    RuleInfo? Rule,
    IReadOnlyList<ScenarioStep> Steps)
{
    /// <summary>@ignore on the scenario, its rule, examples or feature: Reqnroll's meaning (TagHelper).</summary>
    public bool Ignored => TagHelper.ContainsIgnoreTag([.. Categories]);

    /// <summary>@explicit: run only when selected by name or category.</summary>
    public bool Explicit => Categories.Contains("explicit", StringComparer.OrdinalIgnoreCase);
}

/// <summary>A pickle step with the keyword it was written with (Given/When/Then/And/But, or a language's own).</summary>
public sealed record ScenarioStep(StepDefinitionKeyword Kind, string Keyword, string Text, string? DocString, IReadOnlyList<IReadOnlyList<string>>? Rows)
{
    /// <summary>Calls the runner the way the generated code does; a fresh <see cref="Table"/> per call (bindings may change it).</summary>
    public Task RunAsync(ITestRunner runner)
    {
        Table? table = null;
        if (Rows is { Count: > 0 })
        {
            table = new Table([.. Rows[0]]);
            foreach (var row in Rows.Skip(1))
            {
                table.AddRow([.. row]);
            }
        }

        return Kind switch
        {
            StepDefinitionKeyword.Given => runner.GivenAsync(Text, DocString, table, Keyword),
            StepDefinitionKeyword.When => runner.WhenAsync(Text, DocString, table, Keyword),
            StepDefinitionKeyword.Then => runner.ThenAsync(Text, DocString, table, Keyword),
            StepDefinitionKeyword.But => runner.ButAsync(Text, DocString, table, Keyword),
            _ => runner.AndAsync(Text, DocString, table, Keyword),
        };
    }
}
