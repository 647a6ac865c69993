namespace NetnsBdd.Support.Bdd;

/// <summary>
/// Base of the hook attributes. Lower <see cref="Order"/> runs first (Reqnroll's default is 10000). Tags restrict the
/// hook to features/scenarios carrying at least one of them; with the <c>@</c> or without.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public abstract class HookAttribute(HookType hookType, string[] tags) : Attribute
{
    public const int DefaultOrder = 10000;

    public HookType HookType { get; } = hookType;

    public IReadOnlyList<string> Tags { get; } = tags.Select(t => t.TrimStart('@')).ToArray();

    public int Order { get; set; } = DefaultOrder;
}
