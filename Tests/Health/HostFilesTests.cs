using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class HostFilesTests
{
    private string _root = null!;

    [SetUp]
    public void CreateRoot()
    {
        _root = RunScratch.ForProcess.NewFolder("health-hostfiles");
    }

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Lists_symlinked_directories_as_sysfs_thermal_zones_are()
    {
        var target = Directory.CreateDirectory(Path.Combine(_root, "devices", "zone0")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_root, "thermal_zone0"), target);
        Directory.CreateDirectory(Path.Combine(_root, "cooling_device0"));

        var found = new HostFiles().EnumerateDirectories(_root, "thermal_zone*");

        found.Should().Equal(Path.Combine(_root, "thermal_zone0"));
    }

    [Test]
    public void Reads_a_file_larger_than_its_first_buffer()
    {
        var path = Path.Combine(_root, "big");
        var content = new string('x', 40_000) + "\nend\n";
        File.WriteAllText(path, content);

        new HostFiles().ReadAllText(path).Should().Be(content);
    }

    [Test]
    public void A_missing_root_lists_nothing()
    {
        new HostFiles().EnumerateDirectories(Path.Combine(_root, "absent"), "*").Should().BeEmpty();
    }
}
