using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

[TestFixture]
[Category("unit")]
public sealed class LabScratchTests
{
    [Test]
    public async Task A_run_deletes_only_its_own_scratch_files()
    {
        var mine = LabScratch.NewFile("wget", "nbddzz0001c1");
        var other = LabScratch.NewFile("wget", "nbddzz0002c1");
        await File.WriteAllTextAsync(mine, ".");
        await File.WriteAllTextAsync(other, ".");
        try
        {
            await new LabScratch.Owner("nbddzz0001").DisposeAsync();

            File.Exists(mine).Should().BeFalse("the run's own file goes with its teardown");
            File.Exists(other).Should().BeTrue("another run's file is not this run's to delete");
            Path.GetFileName(other).Should().StartWith("nbdd-wget-nbddzz0002c1-");
        }
        finally
        {
            File.Delete(other);
        }
    }
}
