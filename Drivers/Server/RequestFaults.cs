using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// Reads per-request faults from the query (<c>abortAfter</c>, <c>abortMode=reset|close</c>, <c>stallAfter</c>,
/// <c>stallMs</c>) and lays them over the server-wide ones: a request that names a fault kind replaces that kind.
/// </summary>
internal static class RequestFaults
{
    public static bool TryResolve(IQueryCollection query, ServerFaults serverWide, out ServerFaults faults, out string error)
    {
        faults = serverWide;
        error = "";
        if (query.Count == 0)
        {
            return true;
        }

        if (query.TryGetValue("abortAfter", out var abortAfter))
        {
            if (!TryParseBytes(abortAfter, out var bytes))
            {
                error = $"abortAfter='{abortAfter}' is not a byte count; use e.g. ?abortAfter=1048576.";
                return false;
            }

            faults = faults with { AbortAfterBytes = bytes };
        }

        if (query.TryGetValue("abortMode", out var abortMode))
        {
            if (!Enum.TryParse<AbortMode>(abortMode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
            {
                error = $"abortMode='{abortMode}' is unknown; use reset or close.";
                return false;
            }

            faults = faults with { AbortMode = mode };
        }

        if (query.TryGetValue("stallAfter", out var stallAfter))
        {
            if (!TryParseBytes(stallAfter, out var bytes))
            {
                error = $"stallAfter='{stallAfter}' is not a byte count; use e.g. ?stallAfter=1048576&stallMs=2000.";
                return false;
            }

            // A stall named in the query lasts forever unless stallMs says otherwise: the server-wide duration
            // belongs to the server-wide stall.
            faults = faults with { StallAfterBytes = bytes, StallDuration = null };
        }

        if (query.TryGetValue("stallMs", out var stallMs))
        {
            if (!int.TryParse(stallMs, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
            {
                error = $"stallMs='{stallMs}' is not a number of milliseconds; omit it to stall until the client gives up.";
                return false;
            }

            faults = faults with { StallDuration = TimeSpan.FromMilliseconds(milliseconds) };
        }

        return true;
    }

    private static bool TryParseBytes(string? text, out long bytes) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bytes);
}
