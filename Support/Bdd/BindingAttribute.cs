namespace NetnsBdd.Support.Bdd;

/// <summary>Marks a class that holds step definitions, hooks or run listeners (Reqnroll's <c>[Binding]</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BindingAttribute : Attribute;
