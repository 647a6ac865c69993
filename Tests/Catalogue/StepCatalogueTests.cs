using System.Runtime.CompilerServices;
using FluentAssertions;
using NetnsBdd.Support;
using NetnsBdd.Support.ReqnrollNUnit;
using NUnit.Framework;
using Reqnroll.Bindings;

namespace NetnsBdd.Tests.Catalogue;

[TestFixture]
[Category("unit")]
public sealed class StepCatalogueTests
{
    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    private static IReadOnlyList<FeatureFile> Features => FeatureFile.Discover(Path.Combine(AppContext.BaseDirectory, "Features"));

    [Test]
    public void The_committed_catalogue_matches_the_step_definitions()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "steps.md");
        var generated = StepCatalogue.Generate(ProductBindings.Steps, Features);
        if (Environment.GetEnvironmentVariable("NBDD_WRITE_CATALOGUE") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.Exists(path).Should().BeTrue($"{path} is the QA engineers' step reference");
        File.ReadAllText(path).ReplaceLineEndings().Should().Be(generated.ReplaceLineEndings(),
            "docs/steps.md must list every step definition; regenerate it with NBDD_WRITE_CATALOGUE=1 dotnet test --filter FullyQualifiedName~StepCatalogue");
    }

    [Test]
    public void Every_product_step_definition_has_an_example_in_a_shipped_feature()
    {
        StepCatalogue.Generate(ProductBindings.Steps, Features)
            .Should().NotContain("(not used by a shipped feature)", "an example proves the step runs; write a scenario that uses it");
    }

    [Test]
    public void Every_product_step_definition_says_what_it_means()
    {
        ProductBindings.Steps
            .Where(b => !((Reqnroll.Bindings.Reflection.RuntimeBindingMethod)b.Method).MethodInfo.IsDefined(typeof(StepHelpAttribute), false))
            .Select(b => b.Method.Name)
            .Should().BeEmpty("QA engineers write features from the catalogue; each step needs a [StepHelp]");
    }

    [Test]
    public void The_product_bindings_have_no_errors_and_every_shipped_step_has_exactly_one_definition()
    {
        ProductBindings.Steps.Where(b => !b.IsValid).Select(b => $"{b.Method.Name}: {b.ErrorMessage}").Should().BeEmpty();
        Features.Select(f => f.ParseError).Should().AllBeEquivalentTo<string?>(null);
        var problems = new List<string>();
        foreach (var scenario in Features.SelectMany(f => f.Scenarios))
        {
            var type = StepDefinitionType.Given;
            foreach (var step in scenario.Steps)
            {
                type = step.Kind switch { StepDefinitionKeyword.Given => StepDefinitionType.Given, StepDefinitionKeyword.When => StepDefinitionType.When, StepDefinitionKeyword.Then => StepDefinitionType.Then, _ => type };
                if (ProductBindings.Match(type, step.Text) is { Binding: null, Problem: var problem })
                {
                    problems.Add($"{scenario.Title}: {type} {step.Text}: {problem}");
                }
            }
        }

        problems.Should().BeEmpty("every step in Features/ should match exactly one step definition (Reqnroll's own matching)");
    }
}
