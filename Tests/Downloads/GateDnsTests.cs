using System.Buffers.Binary;
using System.Net;
using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

/// <summary>The start gate's DNS replies, checked byte by byte against what a stub resolver expects (RFC 1035).</summary>
[TestFixture]
[Category("unit")]
public sealed class GateDnsTests
{
    private static readonly byte[] Server = IPAddress.Parse("198.19.0.2").GetAddressBytes();

    [Test]
    public void An_A_question_for_the_gate_name_is_held_and_answered_with_the_address()
    {
        var query = Query(0x1234, "NBDD-gate.test", type: 1, withEdns: true);

        var reply = GateDns.Reply(query, "nbdd-gate.test", Server);

        reply.Should().NotBeNull();
        reply!.Value.Hold.Should().BeTrue("the answer waits for the release");
        var bytes = reply.Value.Bytes;
        BinaryPrimitives.ReadUInt16BigEndian(bytes).Should().Be(0x1234, "the id is the question's");
        (bytes[2] & 0x80).Should().Be(0x80, "QR: a response");
        (bytes[2] & 0x01).Should().Be(0x01, "RD copied from the question");
        (bytes[3] & 0x0F).Should().Be(0, "NOERROR");
        BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(4)).Should().Be(1, "one question");
        BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(6)).Should().Be(1, "one answer");
        BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)).Should().Be(0, "no authority, no additional (EDNS dropped)");
        bytes[^4..].Should().Equal(Server);
        BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(bytes.Length - 6)).Should().Be(4, "RDLENGTH of an IPv4 address");
    }

    [Test]
    public void An_AAAA_question_for_the_gate_name_gets_an_empty_answer_at_once()
    {
        var reply = GateDns.Reply(Query(7, "nbdd-gate.test", type: 28), "nbdd-gate.test", Server);

        reply!.Value.Hold.Should().BeFalse();
        (reply.Value.Bytes[3] & 0x0F).Should().Be(0, "NOERROR, no data");
        BinaryPrimitives.ReadUInt16BigEndian(reply.Value.Bytes.AsSpan(6)).Should().Be(0);
    }

    [Test]
    public void For_an_IPv6_server_the_AAAA_question_is_held_and_answered_and_the_A_question_gets_an_empty_answer()
    {
        var server6 = IPAddress.Parse("fd3c:9a1e:77b2:2::2").GetAddressBytes();

        var aaaa = GateDns.Reply(Query(11, "nbdd-gate.test", type: 28), "nbdd-gate.test", server6);
        var a = GateDns.Reply(Query(12, "nbdd-gate.test", type: 1), "nbdd-gate.test", server6);

        aaaa!.Value.Hold.Should().BeTrue("wget --inet6-only asks AAAA: its answer waits for the release");
        var bytes = aaaa.Value.Bytes;
        BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(6)).Should().Be(1, "one answer");
        bytes[^16..].Should().Equal(server6);
        BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(bytes.Length - 18)).Should().Be(16, "RDLENGTH of an IPv6 address");
        BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(bytes.Length - 26)).Should().Be(28, "TYPE AAAA");
        a!.Value.Hold.Should().BeFalse();
        BinaryPrimitives.ReadUInt16BigEndian(a.Value.Bytes.AsSpan(6)).Should().Be(0, "no IPv4 address to give");
    }

    [Test]
    public void Any_other_name_is_nxdomain_at_once()
    {
        var reply = GateDns.Reply(Query(9, "example.org", type: 1), "nbdd-gate.test", Server);

        reply!.Value.Hold.Should().BeFalse();
        (reply.Value.Bytes[3] & 0x0F).Should().Be(3, "NXDOMAIN");
    }

    [TestCase(new byte[] { 1, 2, 3 })]
    [TestCase(new byte[] { 0, 1, 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1 })]
    [TestCase(new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 40, 1, 2 })]
    public void Truncated_or_response_packets_are_ignored(byte[] packet) =>
        GateDns.Reply(packet, "nbdd-gate.test", Server).Should().BeNull();

    private static byte[] Query(ushort id, string name, ushort type, bool withEdns = false)
    {
        var bytes = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, (byte)(withEdns ? 1 : 0) };
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        if (withEdns)
        {
            bytes.AddRange([0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0]);
        }

        return [.. bytes];
    }
}
