using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

[TestFixture]
[Category(TestTier.Unit)]
public sealed class WgetUploadSocketTests
{
    // Two connections of one namespace (a download's and an upload's), as `ss -tinHe` prints them.
    private const string Output =
        "ESTAB 0      0       198.18.0.5:41800 198.19.0.2:80 ino:1111 sk:23 cgroup:/ <->\n" +
        "\t ts sack cubic wscale:10,10 rto:204 rtt:0.1/0.05 mss:1448 cwnd:10 bytes_sent:180 bytes_acked:181 bytes_received:5000000 segs_out:20\n" +
        "ESTAB 0      2762752 198.18.0.5:41814 198.19.0.2:80 timer:(persist,592ms,1) ino:2222 sk:24 cgroup:/ <->\n" +
        "\t ts sack cubic wscale:10,10 rto:212 backoff:2 rtt:10.001/17.413 mss:1448 cwnd:18 bytes_sent:368847 bytes_retrans:92160 bytes_acked:276688 segs_out:20\n";

    [Test]
    public void The_upload_socket_is_found_by_inode_and_counts_acked_plus_send_queue_without_the_syn()
    {
        var counted = WgetUploadSocket.Parse(Output, new HashSet<string> { "2222" });

        counted.Should().Be((276687L + 2762752L, 276687L));
    }

    [Test]
    public void A_socket_not_in_the_output_gives_nothing()
    {
        WgetUploadSocket.Parse(Output, new HashSet<string> { "3333" }).Should().BeNull();
    }
}
