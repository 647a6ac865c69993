namespace NetnsBdd.Support.Bdd;

/// <summary>Thrown by a step that is not written yet; the step is reported as pending and the scenario fails.</summary>
public sealed class PendingStepException : Exception
{
    public PendingStepException() : base("The step is pending: its step definition is not implemented yet.")
    {
    }

    public PendingStepException(string message) : base(message)
    {
    }
}
