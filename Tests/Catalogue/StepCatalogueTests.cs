using System.Runtime.CompilerServices;
using FluentAssertions;
using NetnsBdd.Support;
using NetnsBdd.Support.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Tests.Catalogue;

[TestFixture]
[Category("unit")]
public sealed class StepCatalogueTests
{
    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    [Test]
    public void The_committed_catalogue_matches_the_step_definitions()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "steps.md");
        var generated = StepCatalogue.Generate(ProductRun.Bindings, ProductRun.Features);
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
        StepCatalogue.Generate(ProductRun.Bindings, ProductRun.Features)
            .Should().NotContain("(not used by a shipped feature)", "an example proves the step runs; write a scenario that uses it");
    }

    [Test]
    public void Every_product_step_definition_says_what_it_means()
    {
        ProductRun.Bindings.StepBindings
            .Where(b => !b.Method.IsDefined(typeof(StepHelpAttribute), false))
            .Select(b => b.MethodName)
            .Should().BeEmpty("QA engineers write features from the catalogue; each step needs a [StepHelp]");
    }

    [Test]
    public void The_product_bindings_have_no_errors_and_every_shipped_step_has_exactly_one_definition()
    {
        ProductRun.Bindings.Errors.Should().BeEmpty();
        var steps = ProductRun.Features.SelectMany(f => f.Pickles).SelectMany(p => p.Steps).Select(s => s.Text).Distinct();
        steps.Where(s => ProductRun.Bindings.FindMatches(null, s, false).Count != 1)
            .Should().BeEmpty("every step in Features/ should match exactly one step definition");
    }
}
