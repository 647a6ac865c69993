using System.Buffers.Binary;
using System.Text;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// The start gate's DNS messages (RFC 1035), just enough for a stub resolver's question: the gate's name gets its
/// address (A for an IPv4 one, AAAA for an IPv6 one, RFC 3596) or an empty answer (other types), any other name NXDOMAIN. Written here rather than taken from a
/// library: a dozen lines of header and question handling, no zone, no recursion.
/// </summary>
internal static class GateDns
{
    private const ushort TypeA = 1;

    private const ushort TypeAaaa = 28;

    /// <returns>The reply to a query, and whether it waits for the release (the question of the address's type for the gate's name).</returns>
    public static (byte[] Bytes, bool Hold)? Reply(ReadOnlySpan<byte> query, string hostName, byte[] address)
    {
        if (query.Length < 12 || (query[2] & 0x80) != 0 || BinaryPrimitives.ReadUInt16BigEndian(query[4..]) != 1)
        {
            return null;
        }

        // The question: labels up to the root label, then type and class.
        var position = 12;
        var name = new StringBuilder();
        while (position < query.Length && query[position] != 0)
        {
            var length = query[position];
            if (length > 63 || position + 1 + length > query.Length)
            {
                return null;
            }

            if (name.Length > 0)
            {
                name.Append('.');
            }

            name.Append(Encoding.ASCII.GetString(query.Slice(position + 1, length)).ToLowerInvariant());
            position += 1 + length;
        }

        if (position + 5 > query.Length)
        {
            return null;
        }

        var questionEnd = position + 5;
        var type = BinaryPrimitives.ReadUInt16BigEndian(query[(position + 1)..]);
        var ours = name.ToString() == hostName;
        var addressType = address.Length == 16 ? TypeAaaa : TypeA;
        var isA = ours && type == addressType;
        var reply = new byte[questionEnd + (isA ? 12 + address.Length : 0)];
        query[..questionEnd].CopyTo(reply);
        // QR, the query's RD, RA; NXDOMAIN for any other name.
        reply[2] = (byte)(0x80 | (query[2] & 0x01));
        reply[3] = (byte)(0x80 | (ours ? 0 : 3));
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(6), (ushort)(isA ? 1 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(8), 0);
        if (isA)
        {
            var answer = reply.AsSpan(questionEnd);
            answer[0] = 0xC0;
            answer[1] = 12;
            BinaryPrimitives.WriteUInt16BigEndian(answer[2..], addressType);
            BinaryPrimitives.WriteUInt16BigEndian(answer[4..], 1);
            BinaryPrimitives.WriteUInt32BigEndian(answer[6..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(answer[10..], (ushort)address.Length);
            address.CopyTo(answer[12..]);
        }

        return (reply, isA);
    }

}
