namespace NetnsBdd.Support.Bdd;

/// <summary>What a feature is: its title, description, tags (without <c>@</c>) and source file.</summary>
public sealed record FeatureInfo(string Title, string Description, IReadOnlyList<string> Tags, string FilePath, string Language);
