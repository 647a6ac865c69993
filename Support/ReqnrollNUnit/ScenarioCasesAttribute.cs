using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>
/// One test per pickle, as Reqnroll.NUnit generates: identifier-style name (filters reject spaces), title as
/// Description, tags as Categories, @ignore → Ignored, @explicit → Explicit; a file that does not parse → one failing
/// <c>ParseError</c> test. (A static TestCaseSource cannot see which feature its fixture was built for.)
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
