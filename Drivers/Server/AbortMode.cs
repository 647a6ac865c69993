namespace NetnsBdd.Drivers.Server;

/// <summary>How the server cuts a connection mid-body.</summary>
public enum AbortMode
{
    /// <summary>A TCP reset (SO_LINGER 0, then close): the client sees "connection reset by peer".</summary>
    Reset,

    /// <summary>An ordinary close (FIN) before Content-Length is reached: the client sees a short body.</summary>
    Close,
}
