using System.Runtime.CompilerServices;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// Base of <c>[Given]</c>, <c>[When]</c>, <c>[Then]</c> and <c>[StepDefinition]</c>. The expression is a Cucumber
/// expression unless it starts with <c>^</c> or ends with <c>$</c> (then it is a regular expression), as in Reqnroll.
/// The caller file and line are captured so ambiguity errors can point at the attribute itself.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public abstract class StepDefinitionBaseAttribute : Attribute
{
    protected StepDefinitionBaseAttribute(
        string expression, IReadOnlyList<StepDefinitionType> types, string sourceFile, int sourceLine)
    {
        Expression = expression ?? throw new ArgumentNullException(nameof(expression));
        Types = types;
        SourceFile = sourceFile;
        SourceLine = sourceLine;
    }

    public string Expression { get; }

    public IReadOnlyList<StepDefinitionType> Types { get; }

    public string SourceFile { get; }

    public int SourceLine { get; }
}
