using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// The size of the HTTP/1.1 response head Kestrel put on the wire before the body: the part of a connection's
/// acknowledged bytes that is not payload. Rebuilt from the sent headers (status line, one line per value, blank
/// line); a completed transfer checks it, since its acknowledged bytes minus the head must equal the body.
/// </summary>
internal static class ResponseHead
{
    public static long Bytes(HttpResponse response)
    {
        var reason = ReasonPhrases.GetReasonPhrase(response.StatusCode);
        long bytes = Encoding.ASCII.GetByteCount($"HTTP/1.1 {response.StatusCode} {reason}\r\n") + 2;
        foreach (var (name, values) in response.Headers)
        {
            foreach (var value in values)
            {
                bytes += Encoding.ASCII.GetByteCount(name) + 2 + Encoding.UTF8.GetByteCount(value ?? "") + 2;
            }
        }

        return bytes;
    }
}
