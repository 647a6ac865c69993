using FluentAssertions;
using NetnsBdd.Support.Reports;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

[TestFixture]
[Category("unit")]
public sealed class RunFolderTests
{
    private static readonly DateTimeOffset Started = new(2026, 11, 24, 2, 50, 0, TimeSpan.FromHours(1));

    [Test]
    public void Names_the_run_folder_after_its_utc_start_and_points_latest_at_it()
    {
        using var temp = new TempFolder();

        var run = RunFolder.Create(Path.Combine(temp.Path, "results"), Started);

        run.Path.Should().Be(Path.Combine(temp.Path, "results", "2026-11-24T01-50-00Z"));
        Directory.Exists(run.Path).Should().BeTrue();
        run.LatestPath.Should().Be(Path.Combine(temp.Path, "results", RunFolder.LatestLinkName));
        new DirectoryInfo(run.LatestPath).LinkTarget.Should().Be("2026-11-24T01-50-00Z");
        run.Announcement.Should().Contain(run.Path).And.Contain(run.LatestPath);
    }

    [Test]
    public void A_second_run_in_the_same_second_gets_its_own_folder_and_takes_latest()
    {
        using var temp = new TempFolder();
        var first = RunFolder.Create(temp.Path, Started);
        File.WriteAllText(Path.Combine(first.Path, "marker"), "first");

        var second = RunFolder.Create(temp.Path, Started);

        second.Name.Should().Be("2026-11-24T01-50-00Z-2");
        File.Exists(Path.Combine(first.Path, "marker")).Should().BeTrue();
        Directory.GetFiles(Path.Combine(temp.Path, RunFolder.LatestLinkName)).Should().BeEmpty("latest now reaches the new, empty run");
        new DirectoryInfo(second.LatestPath).LinkTarget.Should().Be(second.Name);
    }

    [Test]
    public void Scenario_folders_are_numbered_in_order_and_unique_for_repeated_titles()
    {
        using var temp = new TempFolder();
        var run = RunFolder.Create(temp.Path, Started);

        var folders = new[] { "Shaped link", "Outline row", "Outline row" }.Select(run.CreateScenarioFolder).ToArray();

        folders.Select(Path.GetFileName).Should().Equal("001-shaped-link", "002-outline-row", "003-outline-row");
        folders.Should().OnlyContain(f => Directory.Exists(f) && Path.GetDirectoryName(f) == run.Path);
    }

    [Test]
    public void Concurrent_scenarios_never_share_a_folder()
    {
        using var temp = new TempFolder();
        var run = RunFolder.Create(temp.Path, Started);

        var folders = Enumerable.Range(0, 200).AsParallel().Select(_ => run.CreateScenarioFolder("same")).ToArray();

        folders.Should().OnlyHaveUniqueItems();
    }
}
