using NetnsBdd.Support.Bdd;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;

namespace NetnsBdd.Features;

/// <summary>
/// Builds one test per pickle of the fixture's feature: named "Feature name: Scenario name" (outline rows get their
/// values), with every tag (feature, rule, scenario, examples; without '@') as an NUnit category, so
/// <c>dotnet test --filter "TestCategory=smoke"</c> selects them. A file that does not parse yields one failing test.
/// A TestCaseSource cannot do this: its source is static and cannot see which feature the fixture was built for.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ScenarioCasesAttribute : NUnitAttribute, ITestBuilder
{
    private readonly NUnitTestCaseBuilder _builder = new();

    public IEnumerable<TestMethod> BuildFrom(IMethodInfo method, Test? suite)
    {
        if (suite?.Arguments is not [string uri, ..])
        {
            yield break;
        }

        var feature = ProductRun.Feature(uri);
        if (feature.ParseError is not null)
        {
            yield return _builder.BuildTestMethod(method, suite, new TestCaseParameters([-1]) { TestName = $"{feature.Uri}: parse error" });
            yield break;
        }

        for (var i = 0; i < feature.Pickles.Count; i++)
        {
            var parameters = new TestCaseParameters([i]) { TestName = feature.TestNames[i] };
            foreach (var tag in feature.Pickles[i].Tags.Select(t => t.Name.TrimStart('@')).Distinct())
            {
                parameters.Properties.Add(PropertyNames.Category, tag);
            }

            var test = _builder.BuildTestMethod(method, suite, parameters);
            ApplyRunStateTags(test, parameters.Properties[PropertyNames.Category].Cast<string>().ToArray());
            yield return test;
        }
    }

    /// <summary>
    /// `@ignore` skips a scenario, as in Reqnroll. `@explicit` runs it only when selected by name or category
    /// (e.g. `--filter TestCategory=router`), for scenarios that need hardware a plain run does not have.
    /// </summary>
    private static void ApplyRunStateTags(TestMethod test, IReadOnlyCollection<string> tags)
    {
        if (tags.Contains("ignore", StringComparer.OrdinalIgnoreCase))
        {
            test.RunState = RunState.Ignored;
            test.Properties.Set(PropertyNames.SkipReason, "Tagged @ignore");
        }
        else if (tags.Contains("explicit", StringComparer.OrdinalIgnoreCase))
        {
            test.RunState = RunState.Explicit;
            test.Properties.Set(PropertyNames.SkipReason, "Tagged @explicit: select it by category to run it");
        }
    }
}
