using System.Text;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Settings;
using NetnsBdd.Support.ReqnrollNUnit;
using NetnsBdd.Support.Settings;
using NetnsBdd.Tests.Features;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// Hostile configuration values, step arguments and feature files, each through the path a user would take
/// (NBDD_ variables into <see cref="SuiteSettings.Load"/>, feature text through Reqnroll's runtime and the product's
/// bindings in a child test run, feature bytes through <see cref="FeatureFile.Load"/>). Each must end in one clear error naming the value, before any
/// lab exists. The messages these runs produce are the table in docs/bad-inputs.md: with NBDD_WRITE_BAD_INPUTS=1 the
/// table is rewritten from them, otherwise a stale table fails.
/// <para>Settings cases beyond <c>Tests/Settings/SuiteSettingsTests</c>' are here because the table shows them all.</para>
/// </summary>
[TestFixture]
[Category("unit")]
[NonParallelizable]
public sealed class BadInputTests
{
    private const string Nl = "\n";

    public static readonly (string Key, string Value, string? Expected)[] Settings =
    [
        ("NBDD_Lab__Clients", "-4", "Lab:Clients is -4"),
        ("NBDD_Lab__Clients", "100000", "Lab:Clients is 100000; use a number from 1 to 4000"),
        ("NBDD_Lab__Clients", "99999999999", "'99999999999'"),
        ("NBDD_Lab__Clients", "ten", "'ten'"),
        ("NBDD_Lab__ClientSubnet", "198.18.0.0/33", "Lab:ClientSubnet"),
        ("NBDD_Lab__ClientSubnet", "198.18.0.0/16; ip netns del x", "Lab:ClientSubnet"),
        ("NBDD_Lab__ClientSubnet", "10.0.0.0/8", "lies outside 198.18.0.0/15"),
        ("NBDD_Lab__ServerSubnet", "198.18.0.0/30", "overlaps ClientSubnet"),
        ("NBDD_Lab__DhcpTimeoutSeconds", "-1", "Lab:DhcpTimeoutSeconds is -1"),
        ("NBDD_Lab__LossPercent", "NaN", "Lab:LossPercent is NaN"),
        ("NBDD_Lab__DelayMs", "-20", "Lab:DelayMs -20"),
        ("NBDD_Lab__RunDirectory", "/tmp", "Lab:RunDirectory '/tmp' must be an absolute path whose last folder starts with 'nbdd'"),
        ("NBDD_Lab__RunDirectory", "run/nbdd", "must be an absolute path"),
        ("NBDD_Lab__RunDirectory", "/run/nbdd\"; reboot", "may only hold ASCII letters"),
        ("NBDD_Lab__RunDirectory", "/run/nbdd" + Nl + "dhcp-script=/x", "Lab:RunDirectory '/run/nbdd"),
        ("NBDD_Lab__RunDirectory", "/run/nbdd/../etc/nbddx", "(no '..')"),
        ("NBDD_Lab__UplinkInterface", "eth0;reboot", "Lab:UplinkInterface"),
        ("NBDD_Lab__UplinkInterface", "eth0 up", "whitespace"),
        ("NBDD_Lab__UplinkInterface", "eth0\"", "Lab:UplinkInterface"),
        ("NBDD_Lab__UplinkInterface", "eth0" + Nl + "up", "Lab:UplinkInterface"),
        ("NBDD_Lab__UplinkInterface", "enx00e04c680123abc", "at most 15"),
        ("NBDD_Download__Url", "file:///etc/passwd", "Download:Url is 'file:///etc/passwd'"),
        ("NBDD_Download__Url", "http://a b/", "Download:Url is 'http://a b/'"),
        ("NBDD_Download__Url", "http://mirror/x" + Nl + "--execute=y", "Download:Url"),
        ("NBDD_Download__UploadUrl", "ftp://mirror/upload", "Download:UploadUrl is 'ftp://mirror/upload'"),
        ("NBDD_Download__Ipv6Url", "http://203.0.113.10/16M.bin", "Download:Ipv6Url is 'http://203.0.113.10/16M.bin'"),
        ("NBDD_Download__Ipv6Url", "http://fd00::10/x", "Download:Ipv6Url"),
        ("NBDD_Lab__Ipv6Addressing", "Dhcp6", "Ipv6Addressing"),
        ("NBDD_Lab__Ipv6TimeoutSeconds", "0", "Lab:Ipv6TimeoutSeconds is 0"),
        ("NBDD_Lab__Ipv6DadMilliseconds", "5", "Lab:Ipv6DadMilliseconds is 5"),
        ("NBDD_Download__Url", "mirror.lan/64M.bin", "Download:Url"),
        ("NBDD_Download__Url", "http://mirror.lan/a;reboot'\"", null),
        ("NBDD_Download__TimeoutSeconds", "-5", "Download:TimeoutSeconds is -5"),
        ("NBDD_Download__TimeoutSeconds", "NaN", "Download:TimeoutSeconds is NaN"),
        ("NBDD_Download__TimeoutSeconds", "1e12", "Download:TimeoutSeconds is 1000000000000"),
        ("NBDD_Download__FileSizeBytes", "-1", "Download:FileSizeBytes is -1"),
        ("NBDD_Download__Engine", "curl", "Download:Engine"),
        ("NBDD_Health__IntervalSeconds", "0", "Health:IntervalSeconds"),
        ("NBDD_Latency__Enabled", "maybe", "'maybe'"),
        ("NBDD_Latency__IntervalMilliseconds", "5", "Latency:IntervalMilliseconds"),
        ("NBDD_Latency__IdleSeconds", "0", "Latency:IdleSeconds"),
        ("NBDD_Download__StartAt", "2026-12-02 03:00", "Download:StartAt is '2026-12-02 03:00'"),
        ("NBDD_Download__StartPeriodSeconds", "-60", "Download:StartPeriodSeconds is -60"),
        ("NBDD_Fleet__Host", "pi 01;reboot", "Fleet:Host is 'pi 01;reboot'"),
        ("NBDD_Fleet__MaxClockErrorMs", "0", "Fleet:MaxClockErrorMs is 0"),
        ("NBDD_Lab__Clientz", "5", "Clientz"),
    ];

    public static readonly (string Step, string? Expected)[] Steps =
    [
        ("Given -5 clients", "Lab:Clients is -5"),
        ("Given 5000 clients", "Lab:Clients is 5000"),
        ("Given 99999999999 clients", "99999999999"),
        ("Given 5 clients; ip netns del nbddr", "No matching step definition"),
        ("Given 5 clients\" && reboot \"", "No matching step definition"),
        ("Given the router's downstream is shaped to -10 Mbit/s", "The lab has not been built"),
        ("Given a download timeout of -3 seconds", "A download timeout of -3 s is not allowed"),
        ("Given a file of 0 MB", "A file of 0 bytes is not allowed"),
        ("Given a download timeout of 1E9 seconds", "A download timeout of 1000000000 s is not allowed"),
        ("Given a download timeout of 1e9 seconds", "No matching step definition"),
        ("Given the router's queue holds 0 packets", "The lab has not been built"),
        ("Then the bufferbloat grade is at least E", "'E' is not a bufferbloat grade"),
        ("Then the latency under load stayed below 50 ms", "No latency was measured"),
        ("Given the download starts at \"03:00\"", "The start instant '03:00' is not an ISO-8601 instant"),
    ];

    public static readonly (string Name, Func<byte[]> Bytes, string? Expected)[] Files =
    [
        ("UTF-8 with a byte-order mark", () => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(SmallFeature)], null),
        ("UTF-16 LE with a byte-order mark", () => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(SmallFeature)], null),
        ("UTF-16 LE without a byte-order mark", () => Encoding.Unicode.GetBytes(SmallFeature), "NUL characters"),
        ("invalid UTF-8 (Latin-1 'é' = 0xE9 in a step)", () => [.. Encoding.UTF8.GetBytes("Feature: F\n  Scenario: S\n    Given 2 clients caf"), 0xE9, (byte)'\n'], "not valid utf-8 (byte(s) 0xE9"),
        ("CRLF line ends", () => Encoding.UTF8.GetBytes(SmallFeature.ReplaceLineEndings("\r\n")), null),
        ("not Gherkin (a shell script)", () => Encoding.UTF8.GetBytes("#!/bin/sh\nrm -rf /\n"), "does not parse"),
    ];

    private const string SmallFeature = "Feature: Encodings\n  Scenario: Two clients\n    Given 2 clients\n";

    private static string DocPath => Path.Combine(SourceTree.Root, "docs", "bad-inputs.md");

    [TestCaseSource(nameof(SettingCases))]
    public void A_bad_setting_is_named_before_anything_is_built(string key, string value, string? expected)
    {
        var message = SettingError(key, value);

        if (expected is null)
        {
            message.Should().BeNull($"{key}={value} is harmless: it reaches wget as one argument, never a shell");
        }
        else
        {
            message.Should().Contain(expected).And.Contain("NBDD_<Section>__<Key>");
        }
    }

    private static readonly Lazy<Task<ChildFeatureRun>> HostileRun = new(() => ChildFeatureRun.RunAsync(
        new Dictionary<string, string>
        {
            ["hostile.feature"] = "Feature: Hostile\n" + string.Concat(Steps.Select((s, i) => $"  Scenario: Step {i + 1}\n    {s.Step}\n")),
        },
        CancellationToken.None));

    [OneTimeTearDown]
    public async Task DeleteTheChildRunAsync()
    {
        if (HostileRun.IsValueCreated)
        {
            (await HostileRun.Value).Dispose();
        }
    }

    [TestCaseSource(nameof(StepCases))]
    public async Task A_bad_step_argument_fails_its_scenario_with_the_value_and_builds_no_lab(string step, string? expected)
    {
        var message = await StepErrorAsync(step);

        if (expected is null)
        {
            message.Should().BeNull();
        }
        else
        {
            message.Should().Contain(expected);
        }

        var run = await HostileRun.Value;
        // The lab's router counters join the health series the moment a lab exists: none may have.
        var folder = Directory.GetDirectories(run.RunFolder).Single(d => d.EndsWith($"-hostile-step-{Array.FindIndex(Steps, s => s.Step == step) + 1}", StringComparison.Ordinal));
        var health = Path.Combine(folder, "health.csv");
        (File.Exists(health) ? File.ReadLines(health).First() : "").Should().NotContain("net_clients_", "a rejected value never starts a lab");
    }

    [TestCaseSource(nameof(FileCases))]
    public void A_feature_file_in_an_odd_encoding_parses_or_fails_naming_the_problem(string name, string? expected)
    {
        var message = FileError(Files.Single(f => f.Name == name).Bytes());

        if (expected is null)
        {
            message.Should().BeNull($"{name} is a readable encoding");
        }
        else
        {
            message.Should().Contain(expected);
        }
    }

    [Test]
    public async Task The_table_in_docs_matches_what_the_inputs_give()
    {
        var table = await RenderAsync();
        if (Environment.GetEnvironmentVariable("NBDD_WRITE_BAD_INPUTS") == "1")
        {
            await File.WriteAllTextAsync(DocPath, table);
        }

        (File.Exists(DocPath) ? await File.ReadAllTextAsync(DocPath) : "").Should().Be(table,
            "docs/bad-inputs.md is regenerated with `NBDD_WRITE_BAD_INPUTS=1 dotnet test --filter FullyQualifiedName~Reliability.BadInputTests`");
    }

    private static IEnumerable<TestCaseData> SettingCases() =>
        Settings.Select(s => new TestCaseData(s.Key, s.Value, s.Expected).SetArgDisplayNames(Show(s.Key), Show(s.Value)));

    private static IEnumerable<TestCaseData> StepCases() =>
        Steps.Select(s => new TestCaseData(s.Step, s.Expected).SetArgDisplayNames(Show(s.Step)));

    private static IEnumerable<TestCaseData> FileCases() =>
        Files.Select(f => new TestCaseData(f.Name, f.Expected).SetArgDisplayNames(f.Name));

    private static string? SettingError(string key, string value) => SettingProblems(key, value) is { } e ? e.Message : null;

    private static SettingsException? SettingProblems(string key, string value)
    {
        var environment = new Dictionary<string, string?> { [key] = value };
        if (key == "NBDD_Lab__UplinkInterface")
        {
            environment["NBDD_Lab__Mode"] = "Uplink";
        }

        try
        {
            SuiteSettings.Load(environment: environment);
            return null;
        }
        catch (SettingsException e)
        {
            return e;
        }
    }

    /// <summary>
    /// A one-step scenario's failure in the child run (the product's bindings and hooks, Reqnroll's runtime): the
    /// error the hooks recorded in results.json, else (an undefined step has none) NUnit's message.
    /// </summary>
    private static async Task<string?> StepErrorAsync(string step)
    {
        var run = await HostileRun.Value;
        var index = Array.FindIndex(Steps, s => s.Step == step) + 1;
        var result = run.Single($"Step{index}");
        if (result.Outcome == "Passed")
        {
            return null;
        }

        var folder = Directory.GetDirectories(run.RunFolder).Single(d => d.EndsWith($"-hostile-step-{index}", StringComparison.Ordinal));
        using var results = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "results.json")));
        return results.RootElement.TryGetProperty("error", out var error) ? error.GetString() : result.Message.Trim();
    }

    private static string? FileError(byte[] bytes)
    {
        // A folder per call, a fixed file name: the message names the file, and the table must not change per run.
        var folder = RunScratch.ForProcess.NewFolder("encoding");
        var path = Path.Combine(folder, "odd.feature");
        File.WriteAllBytes(path, bytes);
        try
        {
            return FeatureFile.Load(path, "odd.feature").ParseError;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> RenderAsync()
    {
        var text = new StringBuilder();
        text.Append("# Bad inputs and the errors they give\n\n")
            .Append("Generated from real runs by `Tests/Reliability/BadInputTests.cs` ")
            .Append("(`NBDD_WRITE_BAD_INPUTS=1 dotnet test --filter FullyQualifiedName~Reliability.BadInputTests`); a stale table fails ")
            .Append("that test. Every value reaches tools as one argument of an argument list, never through a shell, and every ")
            .Append("error below is raised before the first namespace is created, so no partial lab is left behind. `\\n` is a newline.\n\n")
            .Append("A configuration error stops the run before any scenario, listing every problem, then: *Fix them in appsettings.json, ")
            .Append("or override one with an environment variable: NBDD_<Section>__<Key>* (the table shows the problems only).\n\n")
            .Append("## Configuration (appsettings.json or `NBDD_<Section>__<Key>`)\n\n| Variable | Value | Result |\n| --- | --- | --- |\n");
        foreach (var (key, value, _) in Settings)
        {
            text.Append($"| `{key}` | {Cell(value)} | {Cell(SettingProblems(key, value) is { } e ? string.Join(" ", e.Problems) : null)} |\n");
        }

        text.Append("\nUplinkInterface rows are run with `NBDD_Lab__Mode=Uplink`.\n\n")
            .Append("## Step arguments (feature text)\n\n| Step | Result |\n| --- | --- |\n");
        foreach (var (step, _) in Steps)
        {
            text.Append($"| {Cell(step)} | {Cell(await StepErrorAsync(step))} |\n");
        }

        text.Append("\n## Feature file encodings\n\n| File | Result |\n| --- | --- |\n");
        foreach (var (name, bytes, _) in Files)
        {
            text.Append($"| {name} | {Cell(FileError(bytes()))} |\n");
        }

        return text.ToString();
    }

    private static string Cell(string? text) => text is null
        ? "accepted"
        : "`" + text.Replace(Environment.NewLine, " ", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal) + "`";

    private static string Show(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal);
}
