using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Processes;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

[TestFixture]
[Category("unit")]
public sealed class DownloadRequestTests
{
    private static readonly string[] Nowhere = ["nbdd-no-such-ns"];

    [TestCase("198.19.0.2/bytes/10", "not absolute")]
    [TestCase("file:///etc/passwd", "'file' scheme")]
    [TestCase("ftp://198.19.0.2/x", "'ftp' scheme")]
    [TestCase("http://198.19.0.2/a file", "white space")]
    public void A_bad_url_is_refused_before_anything_starts(string url, string why)
    {
        var request = new DownloadRequest(new Uri(url, UriKind.RelativeOrAbsolute), TimeSpan.FromSeconds(5));

        request.Invoking(r => r.Validate()).Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain(url).And.Contain(why);
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void A_timeout_of_zero_or_less_is_refused(int seconds)
    {
        var request = new DownloadRequest(new Uri("http://198.19.0.2/bytes/10"), TimeSpan.FromSeconds(seconds));

        request.Invoking(r => r.Validate()).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*out of range*above 0*");
    }

    [Test]
    public async Task An_empty_namespace_list_is_refused()
    {
        var manager = new DownloadManager(new WgetEngine(new CommandRunner()), TextWriter.Null);

        var act = () => manager.StartParallelDownloadAsync([], new DownloadRequest(new Uri("http://198.19.0.2/"), TimeSpan.FromSeconds(1)));

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("No client namespaces");
    }

    [Test]
    public async Task A_namespace_that_does_not_exist_is_named_in_the_error()
    {
        var manager = new DownloadManager(new WgetEngine(new CommandRunner()), TextWriter.Null);

        var act = () => manager.StartParallelDownloadAsync(Nowhere, new DownloadRequest(new Uri("http://198.19.0.2/"), TimeSpan.FromSeconds(1)));

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("'nbdd-no-such-ns'").And.Contain("ip netns list");
    }

    [Test]
    public void The_wget_command_is_an_argument_list_bounded_by_timeout()
    {
        var request = new DownloadRequest(new Uri("https://198.19.0.2/bytes/64"), TimeSpan.FromSeconds(3.5))
        {
            CaCertificatePath = "/run/nbdd/ca.pem",
        };

        var command = new WgetEngine(new CommandRunner()).BuildCommand("nbddab12c001", request, "/dev/shm/nbdd-wget-1/c1.log");

        string[] expectedTail =
        [
            "netns", "exec", "nbddab12c001", "timeout", "--kill-after=2s", "3.5s", "wget", "--no-config", "--no-proxy",
            "--no-cache", "--tries=1", "--progress=dot", "-e", "dotbytes=8192", "-o", "/dev/shm/nbdd-wget-1/c1.log", "-O", "/dev/null",
            "--ca-certificate=/run/nbdd/ca.pem", "https://198.19.0.2/bytes/64",
        ];
        command.Arguments.Should().EndWith(expectedTail);
        command.Arguments.Should().NotContain("--no-check-certificate");
    }

    [Test]
    public void An_upload_without_an_upload_url_or_file_is_refused_naming_the_setting()
    {
        var noUrl = new DownloadRequest(new Uri("http://198.19.0.2/bytes/10"), TimeSpan.FromSeconds(5)) { Load = LoadDirection.Upload };
        var noFile = noUrl with { UploadUrl = new Uri("http://198.19.0.2/upload/10") };
        var missingFile = noFile with { UploadFilePath = "/nonexistent/nbdd-upload.bin" };

        noUrl.Invoking(r => r.Validate()).Should().Throw<ArgumentException>().Which.Message.Should().Contain("Download:UploadUrl");
        noFile.Invoking(r => r.Validate()).Should().Throw<ArgumentException>().Which.Message.Should().Contain("no upload file");
        missingFile.Invoking(r => r.Validate()).Should().Throw<FileNotFoundException>().Which.Message.Should().Contain("/nonexistent/nbdd-upload.bin");
    }

    [TestCase("ftp://198.19.0.2/upload", "'ftp' scheme")]
    [TestCase("upload/10", "not absolute")]
    public void A_bad_upload_url_is_refused_as_an_upload_url(string url, string why)
    {
        var request = new DownloadRequest(new Uri("http://198.19.0.2/bytes/10"), TimeSpan.FromSeconds(5))
        {
            Load = LoadDirection.Both,
            UploadUrl = new Uri(url, UriKind.RelativeOrAbsolute),
            UploadFilePath = typeof(DownloadRequestTests).Assembly.Location,
        };

        request.Invoking(r => r.Validate()).Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain("Upload URL").And.Contain(url).And.Contain(why);
    }

    [Test]
    public void An_upload_only_load_does_not_judge_the_download_url()
    {
        var request = new DownloadRequest(new Uri("ftp://unused/"), TimeSpan.FromSeconds(5))
        {
            Load = LoadDirection.Upload,
            UploadUrl = new Uri("http://198.19.0.2/upload/10"),
            UploadFilePath = typeof(DownloadRequestTests).Assembly.Location,
        };

        request.Invoking(r => r.Validate()).Should().NotThrow();
    }
}
