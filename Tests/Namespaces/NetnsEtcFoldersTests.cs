using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Tests.Lab;

namespace NetnsBdd.Tests.Namespaces;

/// <summary>The /etc/netns folders the start gate needs: made only for a namespace that exists, gone with their run.</summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class NetnsEtcFoldersTests
{
    [Test]
    public void A_folder_for_a_namespace_that_is_gone_is_not_left_behind()
    {
        var name = new LabNames(RunId.New(), "/run/nbdd").ClientNamespace(1);

        var create = () => NetnsEtcFolders.CreateFor(name);

        create.Should().Throw<InvalidOperationException>().WithMessage($"*{name} is gone*");
        Directory.Exists(NetnsEtcFolders.FolderOf(name)).Should().BeFalse("a folder made after its lab's teardown would outlive the run");
    }

    [Test]
    public async Task A_folder_is_made_once_for_a_live_namespace_and_deleted_with_its_run()
    {
        var names = new LabNames(RunId.New(), "/run/nbdd");
        var name = names.ClientNamespace(1);
        var runner = new CommandRunner();
        await TestNamespaces.AddAsync(runner, name);
        try
        {
            NetnsEtcFolders.CreateFor(name).Should().BeTrue("this call made the folder");
            NetnsEtcFolders.CreateFor(name).Should().BeFalse("the folder was there already");

            NetnsEtcFolders.DeleteRun(names.RunId.NamePrefix).Should().Be(1);
            Directory.Exists(NetnsEtcFolders.FolderOf(name)).Should().BeFalse();
        }
        finally
        {
            NetnsEtcFolders.Delete(NetnsEtcFolders.FolderOf(name));
            await TestNamespaces.DeleteAsync(runner, name);
        }
    }
}
