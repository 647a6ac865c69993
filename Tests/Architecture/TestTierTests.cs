using System.Reflection;
using FluentAssertions;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace NetnsBdd.Tests.Architecture;

/// <summary>
/// Every fixture carries exactly one tier (<see cref="TestTier"/>) on its class: a fixture without one is run by no
/// tier filter (the unit tier and the arm64 stage would silently skip it), and a tier on a single test would split a
/// fixture across tiers.
/// </summary>
[Category(TestTier.Unit)]
public sealed class TestTierTests
{
    private static readonly Type[] Fixtures = typeof(TestTier).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && IsFixture(t) && t.GetCustomAttribute<SetUpFixtureAttribute>() is null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    [Test]
    public void The_assembly_has_fixtures_of_every_tier() =>
        TestTier.All.Should().OnlyContain(tier => Fixtures.Any(f => TiersOf(f).Contains(tier)),
            "each tier names tests that exist ({0} fixtures found)", Fixtures.Length);

    [Test]
    public void Every_fixture_has_exactly_one_tier()
    {
        var wrong = Fixtures
            .Select(f => (Fixture: f, Tiers: TiersOf(f)))
            .Where(f => f.Tiers.Length != 1)
            .Select(f => $"{f.Fixture.FullName}: {(f.Tiers.Length == 0 ? "no tier" : "tiers " + string.Join(", ", f.Tiers))}")
            .ToArray();

        string.Join(Environment.NewLine, wrong).Should().BeEmpty(
            "every fixture class carries exactly one of [Category(\"{0}\")] (see Tests/TestTier.cs); add the one that fits",
            string.Join("\"/\"", TestTier.All));
    }

    [Test]
    public void No_single_test_carries_a_tier()
    {
        var wrong = Fixtures
            .SelectMany(f => f.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(m => m.GetCustomAttributes<CategoryAttribute>().Any(c => TestTier.All.Contains(c.Name)))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToArray();

        string.Join(Environment.NewLine, wrong).Should().BeEmpty("a tier belongs on the fixture class; move the test to a fixture of its tier");
    }

    private static string[] TiersOf(Type fixture) =>
        fixture.GetCustomAttributes<CategoryAttribute>(inherit: true).Select(c => c.Name)
            .Where(TestTier.All.Contains).Distinct().ToArray();

    private static bool IsFixture(Type type) =>
        type.GetCustomAttributes(inherit: true).Any(a => a is IFixtureBuilder)
        || type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Any(m => m.GetCustomAttributes(inherit: true).Any(a => a is ITestBuilder or ISimpleTestBuilder));
}
