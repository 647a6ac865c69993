using System.Text.Json.Serialization;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Support.Results;

/// <summary>
/// results.json's "lab": what the router did for the clients, as reported rather than assumed (each client's address,
/// gateway, the DHCP server that acknowledged it, the lease granted and how long it took). "mode" says which lab it
/// was; an uplink lab also says which port, how it was attached, the port's state before the run and what the server
/// said about the file (written even when null).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "mode")]
[JsonDerivedType(typeof(EmbeddedLabJson), nameof(LabMode.Embedded))]
[JsonDerivedType(typeof(UplinkLabJson), nameof(LabMode.Uplink))]
public abstract record LabJson([property: JsonPropertyOrder(6)] IReadOnlyList<LabClientJson> Clients)
{
    public static LabJson? Of(LabDriver lab)
    {
        if (!lab.IsBuilt)
        {
            return null;
        }

        LabClientJson[] clients = [.. lab.Clients.Select(c => new LabClientJson(
            c.Namespace, $"{c.Address}/{c.PrefixLength}", c.Gateway.ToString(), c.DhcpServer?.ToString(), c.LeaseSeconds,
            c.LeaseTime is { } took ? Math.Round(took.TotalSeconds, 3) : null)
        {
            Ipv6Address = c.Ipv6Address is { } six ? $"{six}/{c.Ipv6PrefixLength}" : null,
            Ipv6Source = c.Ipv6Address is null ? null : c.Ipv6Source.ToString().ToLowerInvariant(),
            Ipv6TookSeconds = c.Ipv6Time is { } took6 ? Math.Round(took6.TotalSeconds, 3) : null,
            Ipv6Gateway = c.Ipv6Gateway?.ToString(),
        })];
        return lab.Mode == LabMode.Uplink
            ? new UplinkLabJson(lab.UplinkInterface, lab.Attach.ToString(), lab.UplinkBefore?.ToString(), lab.ServedFile?.Evidence, clients)
            : new EmbeddedLabJson(clients) { Ipv6Prefix = lab.Ipv6Prefix?.ToString() };
    }
}

/// <summary>The suite's own router and server namespaces.</summary>
public sealed record EmbeddedLabJson(IReadOnlyList<LabClientJson> Clients) : LabJson(Clients)
{
    /// <summary>The run's random ULA /48 the embedded router advertised (its subnet 1 is the clients' /64); null without IPv6.</summary>
    [JsonPropertyOrder(2)]
    public string? Ipv6Prefix { get; init; }
}

/// <summary>The clients reach a real router through <see cref="UplinkInterface"/>.</summary>
public sealed record UplinkLabJson(
    [property: JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? UplinkInterface,
    [property: JsonPropertyOrder(3)] string Attach,
    [property: JsonPropertyOrder(4), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? UplinkBefore,
    [property: JsonPropertyOrder(5), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ServedFile,
    IReadOnlyList<LabClientJson> Clients) : LabJson(Clients);

/// <summary>
/// One client as the router configured it; the DHCP fields are null for a client that got no lease from a server, the
/// IPv6 fields for a client without IPv6 ("ipv6Source": slaac or dhcpv6; "ipv6TookSeconds": from its link coming up
/// to the address being usable, duplicate-address detection done; "ipv6Gateway": the router its default route names).
/// </summary>
public sealed record LabClientJson(
    string Namespace,
    string Address,
    string Gateway,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? DhcpServer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? LeaseSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? LeaseTookSeconds)
{
    /// <summary>How the IPv4 address was obtained: static (the embedded lab's) or dhcp.</summary>
    public string AddressSource => LeaseTookSeconds is null ? "static" : "dhcp";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Ipv6Address { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Ipv6Source { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? Ipv6TookSeconds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Ipv6Gateway { get; init; }
}
