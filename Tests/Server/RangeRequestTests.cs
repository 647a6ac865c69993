using FluentAssertions;
using NetnsBdd.Drivers.Server;
using NUnit.Framework;

namespace NetnsBdd.Tests.Server;

[TestFixture]
[Category("unit")]
public sealed class RangeRequestTests
{
    [TestCase("bytes=0-99", 0L, 99L)]
    [TestCase("bytes=990-", 990L, 999L)]
    [TestCase("bytes=-10", 990L, 999L)]
    [TestCase("bytes=-5000", 0L, 999L)]
    [TestCase("bytes=995-2000", 995L, 999L)]
    [TestCase(" bytes=5-5 ", 5L, 5L)]
    public void A_single_satisfiable_range_is_partial(string header, long first, long last)
    {
        var request = RangeRequest.Parse(header, 1000);

        request.Should().Be(new RangeRequest.Partial(new ByteRange(first, last, 1000)));
    }

    [TestCase("bytes=1000-")]
    [TestCase("bytes=5000-6000")]
    [TestCase("bytes=-0")]
    public void A_range_past_the_end_is_unsatisfiable(string header)
    {
        RangeRequest.Parse(header, 1000).Should().BeOfType<RangeRequest.Unsatisfiable>();
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("items=0-5")]
    [TestCase("bytes=0-5,10-15")]
    [TestCase("bytes=9-3")]
    [TestCase("bytes=abc-")]
    [TestCase("bytes=5")]
    public void No_multi_or_malformed_range_is_honoured(string? header)
    {
        RangeRequest.Parse(header, 1000).Should().BeOfType<RangeRequest.Whole>();
    }

    [Test]
    public void Any_range_of_an_empty_body_is_unsatisfiable()
    {
        RangeRequest.Parse("bytes=0-", 0).Should().BeOfType<RangeRequest.Unsatisfiable>();
        RangeRequest.Parse("bytes=-1", 0).Should().BeOfType<RangeRequest.Unsatisfiable>();
    }

    [Test]
    public void Content_range_values_follow_rfc_9110()
    {
        new ByteRange(0, 99, 1000).ContentRange.Should().Be("bytes 0-99/1000");
        ByteRange.UnsatisfiedContentRange(1000).Should().Be("bytes */1000");
    }
}
