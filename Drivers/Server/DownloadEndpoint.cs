using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// The server's only request handler: <c>/bytes/{n}</c> (pattern bytes, ranges, faults), <c>POST /upload[/...]</c>
/// (the body read and discarded, its bytes counted, the same faults) and <c>/status/{code}</c>. No routing middleware:
/// three prefixes do not need it, and every layer between Kestrel and the body loop costs goodput on a 2-core Pi.
/// </summary>
internal sealed class DownloadEndpoint(TransferLog log, Func<ServerFaults> serverFaults, CancellationToken stopping)
{
    private const string BytesPrefix = "/bytes/";
    private const string StatusPrefix = "/status/";
    private const string UploadPath = "/upload";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var entry = log.Begin(
            context.Connection.RemoteIpAddress?.ToString() ?? "",
            request.Method,
            path + request.QueryString.Value,
            request.Headers.Range.Count == 0 ? null : request.Headers.Range.ToString());
        if (!HttpMethods.IsPost(request.Method))
        {
            // An upload's server sends nothing but its short answer, so its acknowledged bytes say nothing.
            TrackAcks(context, entry);
        }

        var outcome = TransferOutcome.ClientGone;
        try
        {
            outcome = await RouteAsync(context, path, entry).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or ConnectionAbortedException)
        {
            // The client hung up (or the server is stopping) mid-body: the outcome says so, nothing to report.
            outcome = TransferOutcome.ClientGone;
        }
        finally
        {
            if (context.Response.HasStarted)
            {
                entry.HeadSent(ResponseHead.Bytes(context.Response));
            }

            entry.Finish(outcome);
        }
    }

    /// <summary>
    /// The acknowledged-bytes counter outlives the request: a completed body may still be in flight when the handler
    /// returns, so the counter is frozen only when the connection closes.
    /// </summary>
    private static void TrackAcks(HttpContext context, TransferLog.Entry entry)
    {
        if (context.Request.IsHttps
            || context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket
            || context.Features.Get<IConnectionLifetimeFeature>() is not { } lifetime
            || AckedBytes.Open(socket) is not { } acks)
        {
            return;
        }

        entry.TrackAcks(acks);
        lifetime.ConnectionClosed.Register(static state => ((AckedBytes)state!).Dispose(), acks);
    }

    private async Task<TransferOutcome> RouteAsync(HttpContext context, string path, TransferLog.Entry entry)
    {
        if (path == UploadPath || path.StartsWith(UploadPath + "/", StringComparison.Ordinal))
        {
            return await UploadAsync(context, entry).ConfigureAwait(false);
        }

        var isHead = HttpMethods.IsHead(context.Request.Method);
        if (!isHead && !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            return await TextAsync(context, entry, StatusCodes.Status405MethodNotAllowed,
                $"{context.Request.Method} is not served on {path}; use GET or HEAD (uploads go to POST /upload).").ConfigureAwait(false);
        }

        if (path.StartsWith(BytesPrefix, StringComparison.Ordinal))
        {
            if (!long.TryParse(path.AsSpan(BytesPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return await TextAsync(context, entry, StatusCodes.Status400BadRequest,
                    $"'{path[BytesPrefix.Length..]}' is not a byte count; use e.g. /bytes/1048576.").ConfigureAwait(false);
            }

            if (!RequestFaults.TryResolve(context.Request.Query, serverFaults(), out var faults, out var error))
            {
                return await TextAsync(context, entry, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            }

            return await BytesAsync(context, entry, size, faults, isHead).ConfigureAwait(false);
        }

        if (path.StartsWith(StatusPrefix, StringComparison.Ordinal))
        {
            if (!int.TryParse(path.AsSpan(StatusPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                || code is < 200 or > 599)
            {
                return await TextAsync(context, entry, StatusCodes.Status400BadRequest,
                    $"'{path[StatusPrefix.Length..]}' is not a status code 200..599; use e.g. /status/503.").ConfigureAwait(false);
            }

            return code is 204 or 304
                ? Empty(context, entry, code)
                : await TextAsync(context, entry, code, $"status {code}").ConfigureAwait(false);
        }

        return await TextAsync(context, entry, StatusCodes.Status404NotFound,
            $"No such path '{path}'; this server serves /bytes/{{n}}, /status/{{code}} and POST /upload.").ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the body to its end and throws it away, counting each byte as it is read, then answers 204: the answer
    /// comes only after the whole body, so a client that has its answer knows every byte was read. Any size is
    /// accepted (the lab's uploads are as large as its downloads). The download faults apply to the body read:
    /// abortAfter cuts the connection once that many bytes were read, stallAfter stops reading (the client's window
    /// closes, as behind a stuck server).
    /// </summary>
    private async Task<TransferOutcome> UploadAsync(HttpContext context, TransferLog.Entry entry)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            return await TextAsync(context, entry, StatusCodes.Status405MethodNotAllowed,
                $"{context.Request.Method} is not served on {UploadPath}; POST a body to it.").ConfigureAwait(false);
        }

        if (!RequestFaults.TryResolve(context.Request.Query, serverFaults(), out var faults, out var error))
        {
            return await TextAsync(context, entry, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = linked.Token;
        var reader = context.Request.BodyReader;
        var abortAt = faults.AbortAfterBytes ?? long.MaxValue;
        var stallAt = faults.StallAfterBytes ?? long.MaxValue;
        long received = 0;
        while (true)
        {
            if (received >= abortAt)
            {
                await AbortAsync(context, faults.AbortMode, cancellationToken).ConfigureAwait(false);
                return TransferOutcome.Aborted;
            }

            if (received >= stallAt)
            {
                await Task.Delay(faults.StallDuration ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                stallAt = long.MaxValue;
            }

            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            // Only up to a fault's byte is consumed, so the count stops exactly there.
            var take = Math.Min(read.Buffer.Length, Math.Min(abortAt, stallAt) - received);
            received += take;
            entry.Received(take);
            reader.AdvanceTo(read.Buffer.GetPosition(take));
            if (take == read.Buffer.Length && (read.IsCompleted || read.IsCanceled))
            {
                break;
            }
        }

        return Empty(context, entry, StatusCodes.Status204NoContent);
    }

    private async Task<TransferOutcome> BytesAsync(
        HttpContext context, TransferLog.Entry entry, long size, ServerFaults faults, bool isHead)
    {
        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.Headers.AcceptRanges = "bytes";
        long first = 0;
        var length = size;
        switch (RangeRequest.Parse(context.Request.Headers.Range.Count == 0 ? null : context.Request.Headers.Range.ToString(), size))
        {
            case RangeRequest.Unsatisfiable:
                response.Headers.ContentRange = ByteRange.UnsatisfiedContentRange(size);
                return Empty(context, entry, StatusCodes.Status416RangeNotSatisfiable);
            case RangeRequest.Partial(var range):
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = range.ContentRange;
                first = range.First;
                length = range.Length;
                break;
        }

        response.ContentLength = length;
        entry.Respond(response.StatusCode, length);
        if (isHead)
        {
            return TransferOutcome.Completed;
        }

        return await SendAsync(context, entry, first, length, faults).ConfigureAwait(false);
    }

    /// <summary>
    /// Hands pattern slices straight to Kestrel's pipe: one copy into the pipe, no body buffer per request. Counts
    /// only what the pipe accepted, so an abort or a vanished client leaves the exact number handed over.
    /// </summary>
    private async Task<TransferOutcome> SendAsync(
        HttpContext context, TransferLog.Entry entry, long first, long length, ServerFaults faults)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = linked.Token;
        var writer = context.Response.BodyWriter;
        var abortAt = faults.AbortAfterBytes is { } abort && abort < length ? abort : long.MaxValue;
        var stallAt = faults.StallAfterBytes is { } stall && stall < length ? stall : long.MaxValue;
        long sent = 0;
        while (sent < length)
        {
            if (sent == abortAt)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                await AbortAsync(context, faults.AbortMode, cancellationToken).ConfigureAwait(false);
                return TransferOutcome.Aborted;
            }

            if (sent == stallAt)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(faults.StallDuration ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                stallAt = long.MaxValue;
            }

            var limit = Math.Min(length, Math.Min(abortAt, stallAt)) - sent;
            var piece = ContentPattern.Slice(first + sent, limit);
            // Counted before the write: a write the client's departure interrupts may already have sent part of the
            // piece, and BytesWritten must stay an upper bound of what can have arrived.
            entry.Wrote(piece.Length);
            sent += piece.Length;
            var result = await writer.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
            entry.PollAcks();
            if (result.IsCanceled || result.IsCompleted)
            {
                return TransferOutcome.ClientGone;
            }
        }

        return TransferOutcome.Completed;
    }

    private static async Task AbortAsync(HttpContext context, AbortMode mode, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            await SendQueue.DrainAsync(socket, DrainLimit, cancellationToken).ConfigureAwait(false);
            if (mode == AbortMode.Reset)
            {
                // Linger 0 makes the close Kestrel is about to do a RST whatever Kestrel's own shutdown does.
                socket.LingerState = new LingerOption(true, 0);
            }
            else
            {
                // Kestrel's abort ends in a RST of its own, so a plain close is done here: a FIN, then waiting for
                // the client to notice the short body and hang up, and only then Kestrel's abort.
                socket.Shutdown(SocketShutdown.Send);
                try
                {
                    await Task.Delay(CloseLinger, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client hung up (or the server is stopping): the FIN has done its work.
                }
            }
        }

        context.Abort();
    }

    private static readonly TimeSpan CloseLinger = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    private static TransferOutcome Empty(HttpContext context, TransferLog.Entry entry, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentLength = 0;
        entry.Respond(statusCode, 0);
        return TransferOutcome.Completed;
    }

    private static async Task<TransferOutcome> TextAsync(HttpContext context, TransferLog.Entry entry, int statusCode, string text)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(text + "\n");
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = body.Length;
        entry.Respond(statusCode, body.Length);
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            entry.Wrote(body.Length);
        }

        return TransferOutcome.Completed;
    }
}
