using NetnsBdd.Support.ReqnrollNUnit;
using NUnit.Framework;

namespace NetnsBdd.Tests.Features;

/// <summary>
/// Feature files a test writes into a folder named by <see cref="FolderVariable"/>, run through the bridge exactly
/// like the product's features (Reqnroll's runtime, the same hooks and formatters). Only a child test run started
/// by <see cref="ChildFeatureRun"/> sets the variable: a normal run has no such tests, so the features these tests
/// run on purpose (failing, pending, inconclusive) never reach the suite's own verdict.
/// </summary>
[TestFixtureSource(nameof(Fixtures))]
[Category(TestTier.Feature)]
[NonParallelizable]
public sealed class TestFeatures(FeatureFile feature) : FeatureFixture(feature)
{
    public const string FolderVariable = "NBDD_TEST_FEATURES";

    public static IEnumerable<TestFixtureData> Fixtures() =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder ? FixturesUnder(folder) : [];
}

[SetUpFixture]
public sealed class TestFeaturesRun : ReqnrollTestRun;
