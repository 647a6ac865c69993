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
    public void A_cut_transfer_may_trail_the_acknowledged_bytes_by_one_percent_plus_one_unread_receive_buffer()
    {
        const long acked = 1_000_000;
        var allowed = acked - (long)(acked * ByteTruth.Tolerance) - ByteTruth.UnreadAllowance;
        Compare(allowed, DownloadOutcome.Timeout, Sent(1_500_000, TransferOutcome.ClientGone, acked)).Should().BeEmpty();
        Compare(allowed - 1, DownloadOutcome.Timeout, Sent(1_500_000, TransferOutcome.ClientGone, acked))
            .Should().ContainSingle().Which.Should().Contain("acknowledged 1000000 bytes: more apart");
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

    private static Transfer Read(long received, TransferOutcome outcome) =>
        new(2, "198.18.0.2", "POST", "/upload/1000000", null, 204, 0, 0, outcome, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)
        {
            BytesReceived = received,
        };

    private static IReadOnlyList<string> CompareUploads(long clientBytes, long? acked, DownloadOutcome outcome, params Transfer[] transfers) =>
        ByteTruth.CompareUploads(
            [DownloadAggregateTests.Client("c1", outcome, 0, 1, clientBytes) with { Direction = TransferDirection.Upload, BytesAcked = acked }],
            Addresses, transfers);

    [Test]
    public void A_completed_upload_must_agree_to_the_byte_with_what_the_server_read()
    {
        CompareUploads(1_000_000, 1_000_000, DownloadOutcome.Ok, Read(1_000_000, TransferOutcome.Completed)).Should().BeEmpty();
        CompareUploads(1_000_001, 1_000_001, DownloadOutcome.Ok, Read(1_000_000, TransferOutcome.Completed))
            .Should().ContainSingle().Which.Should().Contain("c1 counted 1000001 bytes, but the server read the whole body as 1000000 bytes");
    }

    [Test]
    public void A_download_record_of_the_same_client_is_not_an_upload_record()
    {
        CompareUploads(1_000_000, null, DownloadOutcome.Ok, Sent(1_000_000, TransferOutcome.Completed))
            .Should().ContainSingle().Which.Should().Contain("no record of an upload from 198.18.0.2");
        Compare(1_000_000, DownloadOutcome.Ok, Sent(1_000_000, TransferOutcome.Completed), Read(5, TransferOutcome.Completed)).Should().BeEmpty();
    }

    [Test]
    public void A_cut_upload_cannot_have_been_read_beyond_what_the_client_sent()
    {
        CompareUploads(700_000, null, DownloadOutcome.Timeout, Read(700_000, TransferOutcome.ClientGone)).Should().BeEmpty();
        CompareUploads(700_000, null, DownloadOutcome.Timeout, Read(700_001, TransferOutcome.ClientGone))
            .Should().ContainSingle().Which.Should().Contain("the server read 700001 bytes before the upload was cut");
    }

    [Test]
    public void A_cut_uploads_acknowledged_bytes_may_lead_what_the_server_read_by_one_percent_plus_one_receive_buffer()
    {
        const long acked = 1_000_000;
        var allowed = acked - (long)(acked * ByteTruth.Tolerance) - ByteTruth.UnreadAllowance;
        CompareUploads(1_200_000, acked, DownloadOutcome.Timeout, Read(allowed, TransferOutcome.ClientGone)).Should().BeEmpty();
        CompareUploads(1_200_000, acked, DownloadOutcome.Timeout, Read(allowed - 1, TransferOutcome.ClientGone))
            .Should().ContainSingle().Which.Should().Contain("of the 1000000 its kernel acknowledged");
    }
}
