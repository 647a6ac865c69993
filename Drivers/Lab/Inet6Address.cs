using System.Net;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// One IPv6 address of an interface as the kernel lists it in /proc/net/if_inet6: the address, its prefix length, its
/// scope (0 global, ULA included; 0x20 link) and its IFA_F_* flags, which say whether duplicate-address detection is
/// still running (tentative) or found the address taken (dadfailed).
/// </summary>
public sealed record Inet6Address(IPAddress Address, int InterfaceIndex, int PrefixLength, int Scope, int Flags, string Device)
{
    public const int ScopeGlobal = 0x00;
    public const int ScopeLink = 0x20;

    /// <summary>IFA_F_TENTATIVE: duplicate-address detection has not finished; the address cannot be used yet.</summary>
    public const int Tentative = 0x40;

    /// <summary>IFA_F_DADFAILED: another device on the link answered for the address.</summary>
    public const int DadFailed = 0x08;

    public bool IsGlobal => Scope == ScopeGlobal;

    public bool IsLinkLocal => Scope == ScopeLink;

    /// <summary>Duplicate-address detection done and passed: packets may use the address.</summary>
    public bool IsUsable => (Flags & (Tentative | DadFailed)) == 0;

    public bool HasFailedDad => (Flags & DadFailed) != 0;
}
