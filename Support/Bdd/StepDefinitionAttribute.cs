using System.Runtime.CompilerServices;

namespace NetnsBdd.Support.Bdd;

/// <summary>A step definition that matches Given, When and Then steps alike.</summary>
public sealed class StepDefinitionAttribute(
    string expression, [CallerFilePath] string sourceFile = "", [CallerLineNumber] int sourceLine = 0)
    : StepDefinitionBaseAttribute(
        expression, [StepDefinitionType.Given, StepDefinitionType.When, StepDefinitionType.Then], sourceFile, sourceLine);
