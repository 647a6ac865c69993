using System.Reflection;

namespace NetnsBdd.Support.Bdd;

/// <summary>One step definition: an attribute on a method, its compiled expression and where it was written.</summary>
public sealed record StepBinding(
    IReadOnlyList<StepDefinitionType> Types,
    StepExpression Expression,
    MethodInfo Method,
    string SourceFile,
    int SourceLine)
{
    /// <summary>Whether the method takes a DataTable/DocString after the expression's arguments.</summary>
    public bool TakesStepArgument => Method.GetParameters().Count(p => p.ParameterType != typeof(CancellationToken)) > Expression.ParameterCount;

    public string MethodName => $"{Method.DeclaringType?.FullName}.{Method.Name}";

    /// <summary>"File.cs:12" (or the method name when the attribute was built without caller info).</summary>
    public string Location => SourceLine > 0 ? $"{SourceFile}:{SourceLine}" : MethodName;

    public override string ToString()
    {
        var keyword = Types.Count == 1 ? Types[0].ToString() : "StepDefinition";
        return $"[{keyword}(\"{Expression.Source}\")] {MethodName}({string.Join(", ", Method.GetParameters().Select(p => p.ParameterType.Name))}) at {Location}";
    }
}
