namespace NetnsBdd.Support.Bdd;

/// <summary>
/// Lives from BeforeFeature to AfterFeature and is shared by the feature's scenarios. Injectable into binding
/// constructors and hooks. <see cref="FeatureContainer"/> is where feature-scoped objects are registered.
/// </summary>
public sealed class FeatureContext : BddContext
{
    internal FeatureContext(FeatureInfo featureInfo, FeatureDocument document, ObjectContainer featureContainer)
    {
        FeatureInfo = featureInfo;
        Document = document;
        FeatureContainer = featureContainer;
    }

    public FeatureInfo FeatureInfo { get; }

    /// <summary>The parsed Gherkin document and its pickles (for reporters).</summary>
    public FeatureDocument Document { get; }

    public IObjectContainer FeatureContainer { get; }

    /// <summary>The first error of a BeforeFeature/AfterFeature hook, if any.</summary>
    public Exception? TestError { get; internal set; }
}
