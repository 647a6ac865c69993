using System.Text.Json.Nodes;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// What the router did for the clients, as reported rather than assumed: per client its address, gateway, the DHCP
/// server that acknowledged it, the lease the server granted and how long the lease took; in uplink mode also the
/// interface, the attach mode and what the server said about the file. Written to results.json under "lab".
/// </summary>
public sealed record LabReport(JsonObject Json)
{
    public static LabReport? Of(LabDriver lab)
    {
        if (!lab.IsBuilt)
        {
            return null;
        }

        var json = new JsonObject { ["mode"] = lab.Mode.ToString() };
        if (lab.Mode == LabMode.Uplink)
        {
            json["uplinkInterface"] = lab.UplinkInterface;
            json["attach"] = lab.Attach.ToString();
            json["uplinkBefore"] = lab.UplinkBefore?.ToString();
            json["servedFile"] = lab.ServedFile?.Evidence;
        }

        json["clients"] = new JsonArray([.. lab.Clients.Select(c => (JsonNode)new JsonObject
        {
            ["namespace"] = c.Namespace,
            ["address"] = $"{c.Address}/{c.PrefixLength}",
            ["gateway"] = c.Gateway.ToString(),
            ["dhcpServer"] = c.DhcpServer?.ToString(),
            ["leaseSeconds"] = c.LeaseSeconds,
            ["leaseTookSeconds"] = c.LeaseTime is { } took ? Math.Round(took.TotalSeconds, 3) : null,
        })]);
        return new LabReport(json);
    }
}
