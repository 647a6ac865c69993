using System.Net;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;

namespace NetnsBdd.Tests.Server;

/// <summary>
/// Debian's nginx serving the same pattern bytes from tmpfs inside the server namespace: the yardstick the download
/// server's goodput is compared with. Its config, file and logs live in one suite-owned folder that disposal
/// removes, and it runs in the foreground under the test's control (SIGTERM on dispose), never as a daemon.
/// </summary>
internal sealed class NginxReference : IAsyncDisposable
{
    public const int Port = 8080;

    private readonly CancellationTokenSource _stop;
    private readonly Task<CommandResult> _process;
    private readonly string _folder;

    private NginxReference(string folder, CancellationTokenSource stop, Task<CommandResult> process, IPAddress address, long size)
    {
        _folder = folder;
        _stop = stop;
        _process = process;
        Url = new Uri($"http://{address}:{Port}/bytes");
        Size = size;
    }

    public Uri Url { get; }

    public long Size { get; }

    public static async Task<NginxReference> StartAsync(
        CommandRunner runner, TestTopology topology, IPAddress address, long size, CancellationToken cancellationToken)
    {
        ToolCatalog.Require("nginx");
        // tmpfs, so nginx's sendfile reads memory as Kestrel does, and the disk never limits either side.
        // In the test host's scratch folder: gone with the process, or with the next run's reaper after a SIGKILL.
        var folder = RunScratch.ForProcess.NewFolder($"{topology.Prefix}-nginx");
        string config;
        try
        {
            config = await WriteSiteAsync(folder, address, size, cancellationToken);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }

        var stop = new CancellationTokenSource();
        var process = runner.RunAsync(
            TestTopology.InNamespace(topology.ServerNamespace, "nginx", "-c", config, "-e", $"{folder}/error.log", "-g", "daemon off;"),
            stop.Token);
        var nginx = new NginxReference(folder, stop, process, address, size);
        try
        {
            await nginx.WaitUntilServingAsync(runner, topology, cancellationToken);
            return nginx;
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _process;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        _stop.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<string> WriteSiteAsync(string folder, IPAddress address, long size, CancellationToken cancellationToken)
    {
        var www = Directory.CreateDirectory(Path.Combine(folder, "www")).FullName;

        // nginx's workers drop root; they must be able to walk to and read the file.
        const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                      UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                      UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(folder, readable);
        }
        await using (var file = File.Create(Path.Combine(www, "bytes")))
        {
            await ContentPattern.WriteAsync(file, size, cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(www, "ready"), "ok\n", cancellationToken);
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 2;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events { worker_connections 1024; }
            http {
                access_log off;
                sendfile on;
                tcp_nopush on;
                default_type application/octet-stream;
                client_body_temp_path {{folder}}/body;
                server {
                    listen {{address}}:{{Port}};
                    root {{www}};
                }
            }
            """, cancellationToken);

        return config;
    }

    private async Task WaitUntilServingAsync(CommandRunner runner, TestTopology topology, CancellationToken cancellationToken)
    {
        var ready = new Uri(Url, "/ready");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (_process.IsCompleted)
            {
                var result = await _process;
                throw new InvalidOperationException(
                    $"nginx exited with code {result.ExitCode} before serving: {result.StandardError.Trim()} " +
                    $"(command: {result.Command}).");
            }

            if ((await runner.RunAsync(Wget.Download(topology, 0, ready), cancellationToken)).Succeeded)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"nginx did not serve {ready} within 5 s; see {_folder}/error.log.");
    }
}
