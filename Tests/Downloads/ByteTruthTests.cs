using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Server;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

[TestFixture]
[Category("unit")]
public sealed class ByteTruthTests
{
    private static readonly Dictionary<string, string> Addresses = new() { ["c1"] = "198.18.0.2" };

    private static Transfer Sent(long written, TransferOutcome outcome, long? acked = null) =>
        new(1, "198.18.0.2", "GET", "/bytes/1000000", null, 200, 1_000_000, written, outcome, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)
        {
            BytesAcked = acked,
        };

    private static IReadOnlyList<string> Compare(long clientBytes, DownloadOutcome outcome, params Transfer[] transfers) =>
        ByteTruth.Compare([DownloadAggregateTests.Client("c1", outcome, 0, 1, clientBytes)], Addresses, transfers);

    [Test]
    public void A_completed_transfer_must_agree_to_the_byte()
    {
        Compare(1_000_000, DownloadOutcome.Ok, Sent(1_000_000, TransferOutcome.Completed)).Should().BeEmpty();
        Compare(999_999, DownloadOutcome.Ok, Sent(1_000_000, TransferOutcome.Completed))
            .Should().ContainSingle().Which.Should().Contain("c1 counted 999999 bytes, but the server completed 1000000 bytes");
    }

    [Test]
    public void A_cut_transfer_is_judged_against_the_acknowledged_bytes_within_one_percent()
    {
        Compare(495_000, DownloadOutcome.Timeout, Sent(800_000, TransferOutcome.ClientGone, acked: 500_000)).Should().BeEmpty();
        Compare(480_000, DownloadOutcome.Timeout, Sent(800_000, TransferOutcome.ClientGone, acked: 500_000))
            .Should().ContainSingle().Which.Should().Contain("acknowledged 500000 bytes");
    }

    [Test]
    public void A_client_cannot_have_received_more_than_the_server_wrote()
    {
        Compare(900_000, DownloadOutcome.NetworkFailure, Sent(800_000, TransferOutcome.Aborted))
            .Should().ContainSingle().Which.Should().Contain("wrote only 800000 bytes");
    }

    [Test]
    public void Bytes_without_a_server_record_are_reported_and_no_bytes_need_none()
    {
        Compare(10, DownloadOutcome.Ok).Should().ContainSingle().Which.Should().Contain("no record");
        Compare(0, DownloadOutcome.ConnectionRefused).Should().BeEmpty();
    }
}
