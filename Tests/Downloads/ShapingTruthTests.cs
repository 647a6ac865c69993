using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

/// <summary>An upload figure above the router's upstream cap is refused as false, as a download's above the downstream cap.</summary>
[TestFixture]
[Category(TestTier.Unit)]
public sealed class ShapingTruthTests
{
    [TestCase(19.13, 20.0, false, TestName = "Uploads at the frame ceiling of a 20 Mbit/s upstream are true")]
    [TestCase(20.9, 20.0, false, TestName = "Uploads within the 5 % allowance of the upstream cap are true")]
    [TestCase(21.2, 20.0, true, TestName = "Uploads above the upstream cap and its allowance are false")]
    [TestCase(500.0, null, false, TestName = "Uploads through an unshaped upstream are not judged")]
    public void Uploads_are_judged_against_the_upstream_cap(double goodputMbps, double? upstreamMbps, bool refused)
    {
        var run = RunOf(goodputMbps);

        var check = () => ShapingTruth.CheckUploads(run, upstreamMbps);

        if (refused)
        {
            check.Should().Throw<InvalidOperationException>().WithMessage("*upload aggregate of 21.2 Mbit/s*upstream is shaped to 20 Mbit/s*cannot be trusted*");
        }
        else
        {
            check.Should().NotThrow();
        }
    }

    [Test]
    public void A_download_cap_does_not_bound_uploads() =>
        FluentActions.Invoking(() => ShapingTruth.CheckUploads(RunOf(90), null)).Should().NotThrow(
            "the downstream cap is not the upload's path; only the upstream cap is passed");

    private static DownloadRun RunOf(double goodputMbps)
    {
        var start = DateTimeOffset.UnixEpoch;
        var aggregate = new DownloadAggregate
        {
            Clients = 1,
            FirstStart = start,
            LastEnd = start.AddSeconds(8),
            Succeeded = 1,
            Interrupted = 0,
            Failed = 0,
            TotalBytes = (long)(goodputMbps * 1e6 / 8 * 8),
            WallSeconds = 8,
            AggregateMbps = goodputMbps,
            GoodputMbps = goodputMbps,
            StartSpreadSeconds = 0,
            MinDuration = 8,
            MedianDuration = 8,
            P95Duration = 8,
            MaxDuration = 8,
            Fairness = 1,
        };
        return new DownloadRun(new DownloadRequest(new Uri("http://198.19.0.2/upload"), TimeSpan.FromSeconds(60)), [], aggregate);
    }
}
