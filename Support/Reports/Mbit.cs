using System.Globalization;

namespace NetnsBdd.Support.Reports;

/// <summary>Rates as chart text, invariant culture whatever the host's locale.</summary>
internal static class Mbit
{
    public static string Format(double mbps) => mbps.ToString(mbps >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture);
}
