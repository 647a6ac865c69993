using System.Reflection;

namespace NetnsBdd.Support.Bdd;

/// <summary>One hook method with its kind, order and tag filter (empty: every feature/scenario).</summary>
public sealed record HookBinding(HookType HookType, int Order, IReadOnlyList<string> Tags, MethodInfo Method)
{
    public string MethodName => $"{Method.DeclaringType?.FullName}.{Method.Name}";

    /// <summary>True when the hook has no tag filter or the tags contain one of its tags (Reqnroll: any of them).</summary>
    public bool AppliesTo(IEnumerable<string> tags) =>
        Tags.Count == 0 || tags.Any(t => Tags.Contains(t.TrimStart('@'), StringComparer.OrdinalIgnoreCase));

    public override string ToString() => $"[{HookType}] {MethodName}";
}
