namespace NetnsBdd.Support.Bdd;

/// <summary>Thrown by the NUnit glue when a scenario did not pass; the inner exception is the first error.</summary>
public sealed class ScenarioFailedException(string message, Exception? innerException)
    : Exception(message, innerException);
