using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Server;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

[TestFixture]
[Category(TestTier.Unit)]
public sealed class UploadFileTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = RunScratch.ForProcess.NewFolder("upload-file-test");

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task The_file_holds_the_pattern_bytes_of_the_size_asked_and_is_deleted_once_however_often_disposed()
    {
        const long size = 3 * 1048576 + 17;

        var file = await UploadFile.CreateAsync(_folder, size);

        file.Bytes.Should().Be(size);
        new FileInfo(file.Path).Length.Should().Be(size);
        Path.GetDirectoryName(file.Path).Should().Be(_folder);
        ContentPattern.FirstMismatch(0, await File.ReadAllBytesAsync(file.Path)).Should().Be(-1, "every byte is the pattern's");
        file.Dispose();
        File.Exists(file.Path).Should().BeFalse();
        file.Invoking(f => f.Dispose()).Should().NotThrow("disposing again is harmless");
    }

    [Test]
    public async Task A_size_beyond_the_folders_free_space_is_refused_naming_size_folder_space_and_fix_and_writes_nothing()
    {
        var free = UploadFile.FreeBytes(_folder);
        free.Should().NotBeNull("statvfs answers for a scratch folder");
        var absurd = free!.Value + 1024L * 1048576;

        var act = () => UploadFile.CreateAsync(_folder, absurd);

        var refused = (await act.Should().ThrowAsync<UploadFileException>()).Which;
        refused.Message.Should().Contain(absurd.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .And.Contain(_folder).And.Contain("free").And.Contain("smaller upload size");
        Directory.GetFiles(_folder).Should().BeEmpty("nothing is written when the size cannot fit");
    }

    [Test]
    public async Task A_missing_folder_is_named()
    {
        var missing = Path.Combine(_folder, "gone");

        var act = () => UploadFile.CreateAsync(missing, 10);

        (await act.Should().ThrowAsync<DirectoryNotFoundException>()).Which.Message.Should().Contain(missing);
    }
}
