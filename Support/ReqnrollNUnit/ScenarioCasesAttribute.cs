using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>
/// Builds one test per pickle of the fixture's feature, as Reqnroll.NUnit's generated methods are: an identifier-style
/// name (NUnit filters reject spaces), the readable title as Description, every tag as a Category; @ignore → Ignored,
/// @explicit → Explicit. A file that does not parse yields one failing test, <c>ParseError</c>. (A TestCaseSource
/// cannot do this: its source is static and does not know which feature the fixture was built for.)
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ScenarioCasesAttribute : NUnitAttribute, ITestBuilder
{
    private readonly NUnitTestCaseBuilder _builder = new();

    public IEnumerable<TestMethod> BuildFrom(IMethodInfo method, Test? suite)
    {
        if (suite?.Arguments is not [FeatureFile feature, ..])
        {
            yield break;
        }

        if (feature.ParseError is not null)
        {
            yield return _builder.BuildTestMethod(method, suite, new TestCaseParameters([-1]) { TestName = "ParseError" });
            yield break;
        }

        for (var i = 0; i < feature.Scenarios.Count; i++)
        {
            var scenario = feature.Scenarios[i];
            var parameters = new TestCaseParameters([i]) { TestName = scenario.TestName };
            parameters.Properties.Set(PropertyNames.Description, scenario.Title);
            foreach (var tag in scenario.Categories)
            {
                parameters.Properties.Add(PropertyNames.Category, tag);
            }

            var test = _builder.BuildTestMethod(method, suite, parameters);
            if (scenario.Ignored)
            {
                test.RunState = RunState.Ignored;
                test.Properties.Set(PropertyNames.SkipReason, "Ignored scenario (@ignore)");
            }
            else if (scenario.Explicit)
            {
                test.RunState = RunState.Explicit;
                test.Properties.Set(PropertyNames.SkipReason, "Tagged @explicit: select it by name or category to run it");
            }

            yield return test;
        }
    }
}
