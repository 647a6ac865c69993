using System.Text.Json;
using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

[TestFixture]
[Category("unit")]
public sealed class DownloadAggregateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    internal static ClientDownloadResult Client(string ns, DownloadOutcome outcome, double startOffset, double duration, long bytes) => new()
    {
        Namespace = ns,
        Success = outcome == DownloadOutcome.Ok,
        Duration = duration,
        Interrupted = outcome == DownloadOutcome.Timeout,
        Stdout = "",
        Stderr = "",
        Bytes = bytes,
        BytesExact = true,
        BytesResolution = 0,
        Mbps = duration > 0 ? bytes * 8 / duration / 1e6 : 0,
        ExitCode = outcome == DownloadOutcome.Ok ? 0 : 124,
        Outcome = outcome,
        Engine = "test",
        StartedAt = T0.AddSeconds(startOffset),
        Command = "test",
    };

    [Test]
    public void Counts_bytes_wall_time_spread_and_duration_percentiles()
    {
        ClientDownloadResult[] results =
        [
            Client("a", DownloadOutcome.Ok, 0.00, 2.0, 10_000_000),
            Client("b", DownloadOutcome.Ok, 0.01, 4.0, 10_000_000),
            Client("c", DownloadOutcome.Timeout, 0.02, 3.0, 5_000_000),
            Client("d", DownloadOutcome.ConnectionRefused, 0.03, 0.1, 0),
        ];

        var a = DownloadAggregate.From(results);

        a.Clients.Should().Be(4);
        a.Succeeded.Should().Be(2);
        a.Interrupted.Should().Be(1);
        a.Failed.Should().Be(1);
        a.TotalBytes.Should().Be(25_000_000);
        a.WallSeconds.Should().BeApproximately(4.01, 1e-9);
        a.AggregateMbps.Should().BeApproximately(25_000_000 * 8 / 4.01 / 1e6, 0.001);
        a.StartSpreadSeconds.Should().BeApproximately(0.03, 1e-9);
        a.MinDuration.Should().Be(0.1);
        a.MedianDuration.Should().Be(2.5);
        a.P95Duration.Should().Be(4.0);
        a.MaxDuration.Should().Be(4.0);
    }

    [Test]
    public void Jain_index_is_one_for_equal_shares_and_one_over_n_for_a_single_taker()
    {
        DownloadAggregate.JainIndex([5.0, 5.0, 5.0, 5.0]).Should().BeApproximately(1.0, 1e-12);
        DownloadAggregate.JainIndex([20.0, 0, 0, 0]).Should().BeApproximately(0.25, 1e-12);
        DownloadAggregate.JainIndex([1.0, 2.0, 3.0]).Should().BeApproximately(36.0 / 42.0, 1e-12);
    }

    [Test]
    public void A_failed_client_counts_as_zero_in_fairness()
    {
        var fairness = DownloadAggregate.From(
        [
            Client("a", DownloadOutcome.Ok, 0, 1, 1_000_000),
            Client("b", DownloadOutcome.HttpError, 0, 1, 1_000_000),
        ]).Fairness;

        fairness.Should().Be(0.5);
    }

    [Test]
    public void Goodput_counts_from_the_first_response_to_the_last_byte()
    {
        var a = DownloadAggregate.From(
        [
            Client("a", DownloadOutcome.Ok, 0.0, 4.0, 10_000_000) with { TimeToResponse = 0.5 },
            Client("b", DownloadOutcome.Ok, 0.1, 3.9, 10_000_000) with { TimeToResponse = 0.6 },
        ]);

        a.WallSeconds.Should().Be(4.0);
        a.TransferSeconds.Should().Be(3.5);
        a.GoodputMbps.Should().BeApproximately(20_000_000 * 8 / 3.5 / 1e6, 0.001);
    }
}
