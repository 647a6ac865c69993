using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

[TestFixture]
[Category("unit")]
public sealed class WgetOutputParserTests
{
    private static WgetOutputParser Feed(long dotBytes, params string[] lines)
    {
        var parser = new WgetOutputParser(dotBytes);
        var t = TimeSpan.Zero;
        foreach (var line in lines)
        {
            parser.OnLine(line, t += TimeSpan.FromMilliseconds(100));
        }

        return parser;
    }

    [Test]
    public void Dots_of_an_interrupted_transfer_count_offset_plus_dots_times_dot_size()
    {
        // As wget 1.21 prints with -e dotbytes=8k (50 dots a line = 400 KiB); the figures after the dots hold '.' too.
        var parser = Feed(8192,
            "     0K .......... .......... .......... .......... ..........  0% 1.23M 52s",
            "   400K .......... .......... ...");

        parser.Bytes.Should().Be(400 * 1024 + 23 * 8192);
        parser.BytesExact.Should().BeFalse();
        parser.Progress.Select(p => p.Bytes).Should().Equal(400 * 1024, 400 * 1024 + 23 * 8192);
    }

    [Test]
    public void The_saved_line_gives_the_exact_count()
    {
        var parser = Feed(8192,
            " 65200K .......... .......... .......... ......               100%  339M=0.3s",
            "2026-11-24 01:47:20 (234 MB/s) - '/dev/null' saved [67108864/67108864]");

        parser.Bytes.Should().Be(67108864);
        parser.BytesExact.Should().BeTrue();
    }

    [Test]
    public void A_read_error_gives_the_exact_count_and_marks_a_broken_transfer()
    {
        var parser = Feed(8192,
            "2026-11-24 01:48:28 (313 MB/s) - Read error at byte 195539/67108864 (Connection reset by peer). Giving up.");

        parser.Bytes.Should().Be(195539);
        parser.BytesExact.Should().BeTrue();
        parser.SawBrokenTransfer.Should().BeTrue();
    }

    [TestCase("Connecting to 198.18.0.1:81... failed: Connection refused.", 4, DownloadOutcome.ConnectionRefused)]
    [TestCase("Connecting to 198.18.0.1:80... failed: No route to host.", 4, DownloadOutcome.Unreachable)]
    [TestCase("Connecting to 198.18.0.1:80... failed: Network is unreachable.", 4, DownloadOutcome.Unreachable)]
    [TestCase("wget: unable to resolve host address 'nbdd.invalid'", 4, DownloadOutcome.DnsFailure)]
    [TestCase("2026-11-24 01:47:20 ERROR 404: Not Found.", 8, DownloadOutcome.HttpError)]
    [TestCase("ERROR: cannot verify 198.19.0.2's certificate, issued by 'CN=nbdd lab CA':", 5, DownloadOutcome.TlsError)]
    [TestCase("Unable to establish SSL connection.", 4, DownloadOutcome.TlsError)]
    [TestCase("Read error at byte 1048576/67108864 (Connection reset by peer). Giving up.", 4, DownloadOutcome.NetworkFailure)]
    [TestCase("timeout: failed to run command 'wget': No such file or directory", 127, DownloadOutcome.ToolMissing)]
    [TestCase("", 124, DownloadOutcome.Timeout)]
    [TestCase("", 137, DownloadOutcome.Timeout)]
    [TestCase("", 0, DownloadOutcome.Ok)]
    [TestCase("something new", 1, DownloadOutcome.Other)]
    public void Exit_code_and_stderr_classify_the_outcome(string line, int exitCode, DownloadOutcome expected)
    {
        WgetEngine.Classify(exitCode, Feed(8192, line)).Should().Be(expected);
    }

    [Test]
    public void The_http_status_is_kept()
    {
        Feed(8192, "2026-11-24 01:47:20 ERROR 503: Service Unavailable.").HttpStatus.Should().Be(503);
    }

    [Test]
    public void The_response_time_is_recorded_and_progress_dots_are_kept_out_of_the_messages()
    {
        var parser = Feed(8192,
            "Connecting to 198.19.0.2:80... connected.",
            "HTTP request sent, awaiting response... 200 OK",
            "     0K .......... .......... .......... .......... ..........  0% 1.23M 52s",
            "2026-11-24 01:47:20 (234 MB/s) - '/dev/null' saved [409600/409600]");

        parser.ResponseAt.Should().Be(TimeSpan.FromMilliseconds(200));
        parser.Messages.Should().Be(
            "Connecting to 198.19.0.2:80... connected.\nHTTP request sent, awaiting response... 200 OK\n" +
            "2026-11-24 01:47:20 (234 MB/s) - '/dev/null' saved [409600/409600]\n");
    }

    [TestCase("Connecting to nbdd-gate.test (nbdd-gate.test)|fd3c:9a1e:77b2:2::2|:80... connected.", "fd3c:9a1e:77b2:2::2")]
    [TestCase("Connecting to 198.19.0.2:80... connected.", null)]
    [TestCase("Connecting to nbdd-gate.test (nbdd-gate.test)|198.19.0.2|:443... connected.", "198.19.0.2")]
    [TestCase("Connecting to nbdd-gate.test (nbdd-gate.test)|198.19.0.2|:80... failed: Connection refused.", null)]
    public void The_address_wget_connected_to_says_which_family_the_transfer_used(string line, string? expected)
    {
        // wget prints the address only after a name (the gate's, or the URL's); an address URL prints none, and the
        // result then leaves the family unknown rather than guess it.
        var parser = Feed(8192, "--2026-12-04 05:00:00--  http://nbdd-gate.test/bytes/4194304", line);

        parser.ConnectedTo?.ToString().Should().Be(expected);
    }
}
