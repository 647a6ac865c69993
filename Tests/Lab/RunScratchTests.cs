using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

[TestFixture]
[Category("unit")]
public sealed class RunScratchTests
{
    [Test]
    public void A_run_deletes_only_its_own_scratch_folder()
    {
        using var mine = RunScratch.Create(RunId.New());
        using var other = RunScratch.Create(RunId.New());
        var mineFile = mine.NewFile("wget", mine.RunId.NamePrefix + "c1");
        var otherFile = other.NewFile("wget", other.RunId.NamePrefix + "c1");
        File.WriteAllText(mineFile, ".");
        File.WriteAllText(otherFile, ".");

        mine.Dispose();

        Directory.Exists(mine.Path).Should().BeFalse("the run's own folder goes with its teardown");
        File.Exists(otherFile).Should().BeTrue("another run's folder is not this run's to delete");
        Path.GetFileName(other.Path).Should().Be(other.RunId.NamePrefix, "the folder is named after its run id");
        Path.GetDirectoryName(other.Path).Should().Be(RunScratch.Root);
    }

    [Test]
    public void The_reaper_removes_a_folder_whose_owner_is_dead_and_keeps_a_live_ones()
    {
        using var live = RunScratch.Create(RunId.New());
        var dead = RunScratch.PathOf(RunId.New().NamePrefix);
        Directory.CreateDirectory(Path.Combine(dead, "server-ca-0123456789ab"));
        // This process's pid with another start time: what a dead owner whose pid was reused looks like.
        var stale = RunRecord.ForCurrentProcess() with { ProcessStartTicks = RunRecord.ForCurrentProcess().ProcessStartTicks - 1 };
        File.WriteAllText(Path.Combine(dead, RunScratch.OwnerFile), stale.Serialize());
        try
        {
            var removed = RunScratch.ReapDead();

            removed.Should().Contain(dead);
            Directory.Exists(dead).Should().BeFalse("its owner is gone");
            Directory.Exists(live.Path).Should().BeTrue("its owner, this process, is alive");
        }
        finally
        {
            if (Directory.Exists(dead))
            {
                Directory.Delete(dead, recursive: true);
            }
        }
    }

    [Test]
    public void A_client_file_goes_in_its_labs_folder_and_otherwise_in_the_processs_own()
    {
        using var lab = RunScratch.Create(RunId.New());

        RunScratch.FolderFor(lab.RunId.NamePrefix + "c3").Should().Be(lab.Path);
        RunScratch.FolderFor(RunId.New().NamePrefix + "c3").Should().Be(RunScratch.ForProcess.Path, "that lab made no folder");
        RunScratch.FolderFor("nbddt-probe").Should().Be(RunScratch.ForProcess.Path, "not a lab's name");
        File.Exists(Path.Combine(RunScratch.ForProcess.Path, RunScratch.OwnerFile)).Should().BeTrue();
    }

    [Test]
    public void An_old_versions_ca_folder_is_removed_once_a_day_old_and_nothing_else_is()
    {
        var temp = RunScratch.ForProcess.NewFolder("legacy");
        var old = Directory.CreateDirectory(Path.Combine(temp, "nbdd-server-0123456789abc")).FullName;
        File.WriteAllText(Path.Combine(old, "ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-2));
        var recent = Directory.CreateDirectory(Path.Combine(temp, "nbdd-server-fedcba9876543")).FullName;
        File.WriteAllText(Path.Combine(recent, "ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        var notOnlyACa = Directory.CreateDirectory(Path.Combine(temp, "nbdd-server-00000000000aa")).FullName;
        File.WriteAllText(Path.Combine(notOnlyACa, "notes.txt"), "someone's");
        Directory.SetLastWriteTimeUtc(notOnlyACa, DateTime.UtcNow.AddDays(-2));

        RunScratch.ReapLegacyCaFolders(null, temp).Should().Equal(old);

        Directory.Exists(recent).Should().BeTrue("a run of an older version may still use it");
        Directory.Exists(notOnlyACa).Should().BeTrue("it holds more than the lab's CA, so it is not ours to judge");
        Directory.Delete(temp, recursive: true);
    }

    [Test]
    public void A_run_id_whose_folder_exists_is_refused_with_the_fix()
    {
        using var first = RunScratch.Create(RunId.New());

        var again = () => RunScratch.Create(first.RunId);

        again.Should().Throw<LabSetupException>().WithMessage($"*{first.Path} already exists*rm -r {first.Path}*");
    }
}
