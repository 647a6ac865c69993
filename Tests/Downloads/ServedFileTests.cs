using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

/// <summary>The file size learned from the server (wget --spider --server-response output, as wget 1.21 prints it).</summary>
[TestFixture]
[Category("unit")]
public sealed class ServedFileTests
{
    private static readonly Uri Url = new("http://203.0.113.10/16M.bin");

    [Test]
    public void The_size_is_the_final_response_s_content_length()
    {
        const string output = """
            Spider mode enabled. Check if remote file exists.
            --2026-12-01 23:00:00--  http://203.0.113.10/16M.bin
            Connecting to 203.0.113.10:80... connected.
            HTTP request sent, awaiting response...
              HTTP/1.1 301 Moved Permanently
              Content-Length: 169
              Location: http://203.0.113.10/files/16M.bin
            --2026-12-01 23:00:00--  http://203.0.113.10/files/16M.bin
              HTTP/1.1 200 OK
              Server: nginx/1.22.1
              Content-Length: 16777216
            Length: 16777216 (16M) [application/octet-stream]
            Remote file exists.
            """;

        var served = ServedFile.Parse(Url, 0, output, TimeSpan.FromSeconds(0.2), "nbddabcdefc1");

        served.Length.Should().Be(16_777_216);
        served.Status.Should().Be(200);
        served.Evidence.Should().Contain("16777216 bytes").And.Contain("Content-Length");
    }

    [Test]
    public void A_server_that_sends_no_length_is_reported_as_such_not_guessed()
    {
        const string output = """
              HTTP/1.1 200 OK
              Transfer-Encoding: chunked
            Length: unspecified [application/octet-stream]
            Remote file exists.
            """;

        var served = ServedFile.Parse(Url, 0, output, TimeSpan.FromSeconds(0.2), "nbddabcdefc1");

        served.Length.Should().BeNull();
        served.Evidence.Should().Contain("sent no Content-Length").And.Contain("size is unknown");
    }

    [Test]
    public void An_error_status_or_no_response_names_the_url_what_happened_and_the_fix()
    {
        var missing = () => ServedFile.Parse(Url, 8, "  HTTP/1.1 404 Not Found\nRemote file does not exist -- broken link!!!", TimeSpan.FromSeconds(0.1), "nbddabcdefc1");
        missing.Should().Throw<IOException>().Which.Message.Should().Contain(Url.ToString()).And.Contain("HTTP/1.1 404 Not Found").And.Contain("fix the URL");

        var refused = () => ServedFile.Parse(Url, 4, "Connecting to 203.0.113.10:80... failed: Connection refused.", TimeSpan.FromSeconds(0.1), "nbddabcdefc1");
        refused.Should().Throw<IOException>().Which.Message.Should().Contain("is unreachable from nbddabcdefc1").And.Contain("Connection refused").And.Contain("0.1 s");
    }
}
