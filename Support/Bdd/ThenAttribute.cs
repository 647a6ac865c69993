using System.Runtime.CompilerServices;

namespace NetnsBdd.Support.Bdd;

/// <summary>A step definition for <c>Then</c> steps (and <c>And</c>/<c>But</c> steps that follow one).</summary>
public sealed class ThenAttribute(
    string expression, [CallerFilePath] string sourceFile = "", [CallerLineNumber] int sourceLine = 0)
    : StepDefinitionBaseAttribute(expression, [StepDefinitionType.Then], sourceFile, sourceLine);
