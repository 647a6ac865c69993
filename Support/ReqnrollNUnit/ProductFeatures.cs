using NetnsBdd.Support.ReqnrollNUnit;
using NUnit.Framework;

// What Reqnroll.NUnit would generate for Features/**/*.feature: fixtures in NetnsBdd.Features.<folder>, and the
// SetUpFixture that starts and ends Reqnroll's test run around them (only when a feature test runs). The "feature"
// category is the test tier (Tests/TestTier.cs) the bridge adds; with Reqnroll.NUnit, tag the features instead.
namespace NetnsBdd.Features;

[TestFixtureSource(nameof(Fixtures))]
[Category("feature")]
[NonParallelizable]
public sealed class FeatureTests(FeatureFile feature) : FeatureFixture(feature)
{
    public static IEnumerable<TestFixtureData> Fixtures() => FixturesUnder("Features");
}

[SetUpFixture]
public sealed class FeatureTestRun : ReqnrollTestRun;
