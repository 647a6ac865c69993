namespace NetnsBdd.Drivers.Server;

public enum TransferOutcome
{
    /// <summary>Still sending (or stalled).</summary>
    InProgress,

    /// <summary>Every body byte was handed to the transport.</summary>
    Completed,

    /// <summary>The server cut the connection on purpose (an abort fault).</summary>
    Aborted,

    /// <summary>The client went away (or the server stopped) before the body was complete.</summary>
    ClientGone,
}
