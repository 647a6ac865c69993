using System.Net;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Where the embedded lab's download server goes: a namespace behind the router (reachable from clients only through
/// it), the address the server listens on, and the router's address on that link.
/// </summary>
public sealed record LabServerEndpoint(string Namespace, IPAddress Address, IPAddress RouterAddress);
