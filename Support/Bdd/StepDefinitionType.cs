namespace NetnsBdd.Support.Bdd;

/// <summary>The keyword family a step or a step definition belongs to (Reqnroll's <c>StepDefinitionType</c>).</summary>
public enum StepDefinitionType
{
    Given,
    When,
    Then,
}
