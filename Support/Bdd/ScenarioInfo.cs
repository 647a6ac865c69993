namespace NetnsBdd.Support.Bdd;

/// <summary>
/// What a scenario is. <see cref="Tags"/> are the scenario's own tags (with its Examples' tags);
/// <see cref="CombinedTags"/> add the feature's and rule's, as in Reqnroll. All without <c>@</c>.
/// </summary>
public sealed record ScenarioInfo(
    string Title,
    string TestName,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> CombinedTags,
    IReadOnlyDictionary<string, string> Arguments);
