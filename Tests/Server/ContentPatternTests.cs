using FluentAssertions;
using NetnsBdd.Drivers.Server;
using NUnit.Framework;

namespace NetnsBdd.Tests.Server;

[TestFixture]
[Category("unit")]
public sealed class ContentPatternTests
{
    [TestCase(0L, 10)]
    [TestCase(ContentPattern.Period - 5L, 10)]
    [TestCase(3L * ContentPattern.Period + 12345, ContentPattern.MaxSliceLength * 3 + 17)]
    public void Fill_agrees_with_At_across_period_boundaries(long offset, int length)
    {
        var bytes = new byte[length];

        ContentPattern.Fill(offset, bytes);

        var expected = Enumerable.Range(0, length).Select(i => ContentPattern.At(offset + i)).ToArray();
        bytes.Should().Equal(expected);
    }

    [Test]
    public void The_pattern_repeats_with_its_period_and_not_with_a_power_of_two()
    {
        var first = new byte[4096];
        var nextPeriod = new byte[4096];
        var oneMebibyteOn = new byte[4096];

        ContentPattern.Fill(100, first);
        ContentPattern.Fill(100 + ContentPattern.Period, nextPeriod);
        ContentPattern.Fill(100 + 1024 * 1024, oneMebibyteOn);

        nextPeriod.Should().Equal(first);
        oneMebibyteOn.Should().NotEqual(first);
    }

    [Test]
    public void FirstMismatch_finds_a_single_flipped_byte_and_accepts_a_clean_span()
    {
        var bytes = new byte[600_000];
        ContentPattern.Fill(777, bytes);

        ContentPattern.FirstMismatch(777, bytes).Should().Be(-1);
        bytes[512_345] ^= 0x01;
        ContentPattern.FirstMismatch(777, bytes).Should().Be(512_345);
        ContentPattern.FirstMismatch(778, bytes).Should().Be(0);
    }

    [Test]
    public void The_bytes_are_fixed_across_runs()
    {
        var head = new byte[8];

        ContentPattern.Fill(0, head);

        // Pinned: nginx's benchmark file and any stored capture compare against exactly these bytes.
        Convert.ToHexString(head).Should().Be(PinnedHead);
    }

    private const string PinnedHead = "0D54A87D909DD567";
}
