using System.Diagnostics;
using System.Globalization;
using NetnsBdd.Drivers.Downloads;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

/// <summary>
/// 50 clients download 64 MiB each on the unshaped lab: the driver against bare parallel wget (its goal is >= 0.95 of
/// it) and against iperf3 on the same path. Printed, not asserted: the machine's load decides the figures. The test
/// host's CPU includes the lab's Kestrel server, which serves every wget byte from this same process.
/// </summary>
[TestFixture]
[Category("benchmark")]
[Explicit("Moves 50 x 64 MiB several times; run on purpose: dotnet test --filter TestCategory=benchmark")]
[NonParallelizable]
public sealed class DownloadBenchmark
{
    private const int Clients = 50;
    private const long Size = 64L * 1024 * 1024;

    [Test]
    public async Task Fifty_clients_64_MiB_driver_vs_bare_wget_vs_iperf3()
    {
        await using var lab = await DownloadLab.StartAsync(Clients);
        var url = lab.Server.HttpUrl(Size);
        var request = new DownloadRequest(url, TimeSpan.FromMinutes(5)) { ExpectedBytes = Size };
        var lines = new List<string>();
        void Line(FormattableString text) => lines.Add(text.ToString(CultureInfo.InvariantCulture));

        // Warm-up: first runs pay for page faults in wget and JIT in the server.
        await BareWget.RunAsync(lab.Namespaces.Take(10).ToArray(), lab.Server.HttpUrl(8 << 20));

        var cpu = ProcessCpu.Now();
        var bare = await BareWget.RunAsync(lab.Namespaces, url);
        var bareCpu = ProcessCpu.Now() - cpu;
        var bareMbps = Clients * Size * 8 / bare.Wall.TotalSeconds / 1e6;
        Line($"bare wget x{Clients}:  {bareMbps,8:0.0} Mbit/s in {bare.Wall.TotalSeconds:0.00} s, {bare.Failed} failed; host CPU {bareCpu.Self.TotalSeconds:0.00} s, wget CPU {bareCpu.Children.TotalSeconds:0.00} s");

        foreach (var dotBytes in new long[] { 8 * 1024, 1024 })
        {
            var manager = new Drivers.DownloadManager(new WgetEngine(new Drivers.Processes.CommandRunner(), new WgetOptions { DotBytes = dotBytes }), TextWriter.Null);
            cpu = ProcessCpu.Now();
            var run = await manager.StartParallelDownloadAsync(lab.Namespaces, request);
            var used = ProcessCpu.Now() - cpu;
            var a = run.Aggregate;
            Line($"driver, {dotBytes / 1024,2} KiB dots: {a.AggregateMbps,8:0.0} Mbit/s in {a.WallSeconds:0.00} s, {a.Succeeded}/{a.Clients} ok; start spread {a.StartSpreadSeconds * 1000:0} ms; fairness {a.Fairness:0.000}; host CPU {used.Self.TotalSeconds:0.00} s, wget CPU {used.Children.TotalSeconds:0.00} s; driver/bare {a.AggregateMbps / bareMbps:0.000}");
        }

        // Bare again, last: the first bare run may still pay for the server's JIT tiering.
        cpu = ProcessCpu.Now();
        var bareAgain = await BareWget.RunAsync(lab.Namespaces, url);
        var bareAgainCpu = ProcessCpu.Now() - cpu;
        Line($"bare wget again:  {Clients * Size * 8 / bareAgain.Wall.TotalSeconds / 1e6,8:0.0} Mbit/s in {bareAgain.Wall.TotalSeconds:0.00} s, {bareAgain.Failed} failed; host CPU {bareAgainCpu.Self.TotalSeconds:0.00} s, wget CPU {bareAgainCpu.Children.TotalSeconds:0.00} s");

        var iperf = await Iperf3Reference.MeasureMbpsAsync(lab.Lab, seconds: 5, CancellationToken.None);
        Line($"iperf3 x{Clients} (-R, 5 s): {iperf,8:0.0} Mbit/s; bare wget/iperf3 {bareMbps / iperf:0.000}");

        TestContext.Out.WriteLine("==== download benchmark (2-core VM, unshaped lab) ====");
        lines.ForEach(TestContext.Out.WriteLine);
    }
}
