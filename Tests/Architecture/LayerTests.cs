using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.NUnit;
using NetnsBdd.Drivers.Lab;
using NUnit.Framework;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace NetnsBdd.Tests.Architecture;

/// <summary>
/// The layers run one way: StepDefinitions -> Support (Reqnroll glue) -> Drivers (everything that touches the
/// machine, usable without Reqnroll). Checked on the compiled types, so a dependency through a fully qualified name
/// or a global using counts as much as a using line.
/// </summary>
[Category("unit")]
public sealed class LayerTests
{
    private static readonly ArchUnitNET.Domain.Architecture Suite =
        new ArchLoader().LoadAssemblies(typeof(LabDriver).Assembly).Build();

    private const string Drivers = @"^NetnsBdd\.Drivers(\..*)?$";
    private const string Support = @"^NetnsBdd\.Support(\..*)?$";
    private const string StepDefinitions = @"^NetnsBdd\.StepDefinitions(\..*)?$";
    private const string Tests = @"^NetnsBdd\.Tests(\..*)?$";
    private const string ReqnrollOrNUnit = @"^(Reqnroll|NUnit)(\..*)?$";

    [Test]
    public void DriversUseNeitherSupportNorStepDefinitions() =>
        Types().That().ResideInNamespaceMatching(Drivers)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(Support)
            .AndShould().NotDependOnAnyTypesThat().ResideInNamespaceMatching(StepDefinitions)
            .Because("Drivers are the bottom layer: Support binds configuration to the drivers' option records, never the reverse")
            .Check(Suite);

    [Test]
    public void DriversAreUsableWithoutReqnrollOrNUnit() =>
        Types().That().ResideInNamespaceMatching(Drivers)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(ReqnrollOrNUnit)
            .Because("a driver runs from a plain program too (lab-child, home-router, the benchmarks)")
            .Check(Suite);

    [Test]
    public void SupportDoesNotUseStepDefinitions() =>
        Types().That().ResideInNamespaceMatching(Support)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(StepDefinitions)
            .Because("steps sit on top: they use contexts and drivers, nothing below calls a step")
            .Check(Suite);

    [Test]
    public void ProductCodeDoesNotUseTests() =>
        Types().That().ResideInNamespaceMatching(Drivers).Or().ResideInNamespaceMatching(Support)
            .Or().ResideInNamespaceMatching(StepDefinitions)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(Tests)
            .Because("the tests mirror the product; the product must build and run without them")
            .Check(Suite);
}
