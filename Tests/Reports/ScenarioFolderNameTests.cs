using FluentAssertions;
using NetnsBdd.Support.Reports;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

[TestFixture]
[Category("unit")]
public sealed class ScenarioFolderNameTests
{
    [TestCase("Eight clients share 100 Mbit/s", "eight-clients-share-100-mbit-s")]
    [TestCase("  Überlast: 64 Clients   über WLAN!  ", "uberlast-64-clients-uber-wlan")]
    [TestCase("a/../../etc/passwd", "a-etc-passwd")]
    [TestCase("Download <url> with \"quotes\" & 'ticks'", "download-url-with-quotes-ticks")]
    [TestCase("--- ---", "scenario")]
    [TestCase("", "scenario")]
    [TestCase("日本語のシナリオ", "scenario")]
    public void Slugs_are_lower_case_ascii_letters_digits_and_single_dashes(string title, string expected)
    {
        ScenarioFolderName.Slug(title).Should().Be(expected);
    }

    [Test]
    public void Long_titles_are_cut_without_a_trailing_dash()
    {
        var slug = ScenarioFolderName.Slug(string.Concat(Enumerable.Repeat("abcd ", 40)));

        slug.Length.Should().BeLessThanOrEqualTo(ScenarioFolderName.MaxSlugLength);
        slug.Should().MatchRegex("^[a-z0-9]+(-[a-z0-9]+)*$");
    }

    [Test]
    public void The_index_keeps_outline_rows_with_one_title_apart()
    {
        var names = new[] { ScenarioFolderName.For(1, "Clients share the link"), ScenarioFolderName.For(2, "Clients share the link") };

        names.Should().Equal("001-clients-share-the-link", "002-clients-share-the-link");
    }
}
