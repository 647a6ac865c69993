namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// The lab cannot be built as configured or on this machine. The message names the bad value or missing thing and the
/// fix; it is thrown before anything is created, or after everything created has been torn down again.
/// </summary>
public sealed class LabSetupException(string message, Exception? inner = null) : Exception(message, inner);
