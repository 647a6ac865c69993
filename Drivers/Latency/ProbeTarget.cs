using System.Net;

namespace NetnsBdd.Drivers.Latency;

/// <summary>An address a probe measures, and the kind of figure its round trips make.</summary>
public sealed record ProbeTarget(ProbeKind Kind, IPAddress Address);
