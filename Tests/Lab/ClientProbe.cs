using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.Lab;

/// <summary>Looks at the lab from inside its namespaces with the same tools a person would use (ip -j, wget).</summary>
internal sealed class ClientProbe(NamespaceLab lab)
{
    private readonly CommandRunner _runner = new();

    public async Task<IPAddress[]> AddressesAsync(string ns)
    {
        var result = await _runner.ExecuteAsync(new Command("ip", "-n", ns, "-j", "-4", "addr", "show", "dev", "eth0"));
        using var json = JsonDocument.Parse(result.StandardOutput);
        return [.. json.RootElement.EnumerateArray()
            .SelectMany(link => link.GetProperty("addr_info").EnumerateArray())
            .Select(info => IPAddress.Parse(info.GetProperty("local").GetString()!))];
    }

    /// <summary>The gateway of the route <paramref name="ns"/> would use to reach <paramref name="destination"/>, or null if direct.</summary>
    public async Task<(string Device, IPAddress? Gateway)> RouteToAsync(string ns, IPAddress destination)
    {
        var result = await _runner.ExecuteAsync(new Command("ip", "-n", ns, "-j", "route", "get", destination.ToString()));
        using var json = JsonDocument.Parse(result.StandardOutput);
        var route = json.RootElement[0];
        return (route.GetProperty("dev").GetString()!,
            route.TryGetProperty("gateway", out var gw) ? IPAddress.Parse(gw.GetString()!) : null);
    }

    /// <summary>Destinations of every route in <paramref name="ns"/>'s main table.</summary>
    public async Task<string[]> RoutesAsync(string ns)
    {
        var result = await _runner.ExecuteAsync(new Command("ip", "-n", ns, "-j", "-4", "route", "show"));
        using var json = JsonDocument.Parse(result.StandardOutput);
        return [.. json.RootElement.EnumerateArray().Select(r =>
            r.GetProperty("dst").GetString() + (r.TryGetProperty("gateway", out var gw) ? " via " + gw.GetString() : "") +
            " dev " + r.GetProperty("dev").GetString())];
    }

    /// <summary>
    /// wget's own goodput for the body (it starts its clock at the first body byte, so process start, connect and
    /// headers do not count), in Mbit/s. wget prints binary units: "(9.14 MB/s)" is 9.14 MiB/s.
    /// </summary>
    public async Task<double> DownloadRateAsync(string ns, string url)
    {
        var result = await _runner.RunAsync(lab.InNamespace(ns,
            new Command("wget", "-O", "/dev/null", "--progress=dot:giga", "-T", "60", "-t", "1", url)
            {
                Timeout = TimeSpan.FromSeconds(120),
            }));
        result.ExitCode.Should().Be(0, result.StandardError);
        var rate = Regex.Matches(result.StandardError, @"\(([0-9.]+) ([KMG]?)B/s\)").Last();
        var scale = rate.Groups[2].Value switch { "K" => 1024d, "M" => 1024d * 1024, "G" => 1024d * 1024 * 1024, _ => 1d };
        return double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) * scale * 8 / 1_000_000;
    }

    /// <summary>Downloads <paramref name="url"/> with wget inside <paramref name="ns"/>; the result and its wall time.</summary>
    public async Task<(CommandResult Result, TimeSpan Elapsed)> DownloadAsync(string ns, string url, int timeoutSeconds = 20)
    {
        var clock = Stopwatch.StartNew();
        var result = await _runner.RunAsync(lab.InNamespace(ns,
            new Command("wget", "-q", "-O", "/dev/null", "-T", timeoutSeconds.ToString(), "-t", "1", url)
            {
                Timeout = TimeSpan.FromSeconds(timeoutSeconds + 10),
            }));
        return (result, clock.Elapsed);
    }
}
