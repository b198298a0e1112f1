using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OutcomeAnalytics.Reporting;

/// <summary>Chromium is not installed, or could not be started.</summary>
public sealed class ChromiumNotFoundException(string message) : Exception(message);

/// <summary>Printing a page to PDF failed.</summary>
public sealed class PdfException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What printing did.</summary>
/// <param name="Bytes">The size of the PDF in bytes.</param>
/// <param name="Elapsed">How long printing took, from starting the browser to the file written.</param>
public sealed record PdfResult(long Bytes, TimeSpan Elapsed);

/// <summary>
/// Prints an HTML page (such as a <see cref="ReportPage"/>) to an A4 PDF with headless Chromium, driven over the
/// DevTools protocol: it loads the page (charts are already drawn in it, as SVG; the page's print styles open the
/// data tables under them) and prints with the title and date at the top of every page and page numbers at the foot.
/// The browser runs with a fresh profile, no network services and no first-run work.
/// </summary>
public sealed class PdfPrinter
{
    /// <summary>How to install Chromium, for messages.</summary>
    public const string InstallHint = "install Chromium: apt-get install -y chromium (Debian; the package 'chromium' provides /usr/bin/chromium), or set OUTCOMES_CHROMIUM to a Chromium or Chrome executable";

    private readonly string _chromium;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a printer.</summary>
    /// <param name="chromiumPath">The browser executable. The default is <see cref="FindChromium"/>.</param>
    /// <param name="timeout">How long the whole print may take. The default is 60 seconds.</param>
    /// <exception cref="ChromiumNotFoundException">No browser was given or found.</exception>
    public PdfPrinter(string? chromiumPath = null, TimeSpan? timeout = null)
    {
        _chromium = chromiumPath ?? FindChromium() ?? throw new ChromiumNotFoundException($"Chromium was not found; {InstallHint}.");
        _timeout = timeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>
    /// The browser to use: <c>OUTCOMES_CHROMIUM</c> if set, else <c>/usr/bin/chromium</c>, else <c>chromium</c>,
    /// <c>chromium-browser</c> or <c>google-chrome</c> on the PATH; null when there is none.
    /// </summary>
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("OUTCOMES_CHROMIUM") is { Length: > 0 } configured) return configured;
        if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>Prints <paramref name="htmlPath"/> to <paramref name="pdfPath"/>.</summary>
    /// <param name="htmlPath">The page to print.</param>
    /// <param name="pdfPath">The PDF to write (replaced if it exists).</param>
    /// <param name="title">The title printed at the top of every page.</param>
    /// <param name="dateText">The date printed at the top of every page.</param>
    /// <param name="cancellationToken">Stops printing.</param>
    /// <exception cref="ChromiumNotFoundException">The browser could not be started.</exception>
    /// <exception cref="PdfException">The browser failed or took longer than the timeout.</exception>
    public async Task<PdfResult> PrintAsync(string htmlPath, string pdfPath, string title, string dateText, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var profile = Path.Combine(Path.GetTempPath(), "outcomes-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(profile);
        Process? browser = null;
        try
        {
            browser = Start(profile);
            var endpoint = await WaitForEndpointAsync(browser, profile, timeout.Token);
            await using var devtools = await DevTools.ConnectAsync(endpoint, timeout.Token);
            var target = await devtools.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, timeout.Token);
            var attached = await devtools.SendAsync("Target.attachToTarget",
                new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null, timeout.Token);
            var session = attached["sessionId"]!.GetValue<string>();
            await devtools.SendAsync("Page.enable", new JsonObject(), session, timeout.Token);
            var loaded = devtools.WaitForEvent("Page.loadEventFired", session);
            await devtools.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri }, session, timeout.Token);
            await loaded.WaitAsync(timeout.Token);

            var pdf = await devtools.SendAsync("Page.printToPDF", new JsonObject
            {
                ["paperWidth"] = 8.27,
                ["paperHeight"] = 11.69,
                ["preferCSSPageSize"] = true,
                ["printBackground"] = true,
                ["displayHeaderFooter"] = true,
                ["headerTemplate"] = $"<div style=\"{TemplateStyle} justify-content: space-between;\"><span>{Html.Encode(title)}</span><span>{Html.Encode(dateText)}</span></div>",
                ["footerTemplate"] = $"<div style=\"{TemplateStyle} justify-content: center;\"><span>Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span></div>",
            }, session, timeout.Token);
            var bytes = Convert.FromBase64String(pdf["data"]!.GetValue<string>());
            var dir = Path.GetDirectoryName(Path.GetFullPath(pdfPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(pdfPath, bytes, timeout.Token);
            try { await devtools.SendAsync("Browser.close", new JsonObject(), null, timeout.Token); }
            catch (Exception e) when (e is WebSocketException or PdfException or OperationCanceledException) { /* the browser closes as it answers */ }
            return new PdfResult(bytes.Length, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PdfException($"Chromium did not finish printing '{htmlPath}' within {_timeout.TotalSeconds:0} seconds.");
        }
        catch (WebSocketException e)
        {
            throw new PdfException($"Lost the connection to Chromium while printing '{htmlPath}': {e.Message}", e);
        }
        finally
        {
            if (browser is not null)
            {
                if (!browser.WaitForExit(3000))
                {
                    try { browser.Kill(entireProcessTree: true); }
                    catch (InvalidOperationException) { }
                    browser.WaitForExit(3000);
                }
                browser.Dispose();
            }
            try { Directory.Delete(profile, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private const string TemplateStyle = "width: 100%; margin: 0 15mm; display: flex; font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; font-size: 8pt; color: #505a5f;";

    /// <summary>The command-line flags for a quiet, isolated headless browser (also used by tests).</summary>
    public static IReadOnlyList<string> HeadlessArguments(string profileDirectory) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--mute-audio", "--hide-scrollbars", "--user-data-dir=" + profileDirectory,
    ];

    private Process Start(string profile)
    {
        var start = new ProcessStartInfo(_chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in HeadlessArguments(profile)) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--remote-debugging-port=0");
        start.ArgumentList.Add("about:blank");
        try
        {
            var process = Process.Start(start) ?? throw new ChromiumNotFoundException($"Chromium ({_chromium}) could not be started; {InstallHint}.");
            // Drain the browser's chatter so that it never blocks on a full pipe.
            process.ErrorDataReceived += (_, _) => { };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ChromiumNotFoundException($"Chromium ({_chromium}) could not be started ({e.Message}); {InstallHint}.");
        }
    }

    /// <summary>Chromium writes the port and path of its DevTools endpoint to DevToolsActivePort in the profile.</summary>
    private static async Task<Uri> WaitForEndpointAsync(Process browser, string profile, CancellationToken cancellationToken)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (browser.HasExited) throw new PdfException($"Chromium exited (code {browser.ExitCode}) before it was ready.");
            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file, cancellationToken);
                if (lines.Length >= 2 && int.TryParse(lines[0], out var port)) return new Uri($"ws://127.0.0.1:{port}{lines[1]}");
            }
            await Task.Delay(25, cancellationToken);
        }
    }

    /// <summary>A minimal DevTools protocol client: commands with ids, and waiting for events.</summary>
    private sealed class DevTools : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
        private readonly List<(string Method, string? Session, TaskCompletionSource<JsonObject> Done)> _waiters = [];
        private readonly Lock _lock = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reader;
        private int _nextId;

        private DevTools(ClientWebSocket socket)
        {
            _socket = socket;
            _reader = Task.Run(ReadLoopAsync);
        }

        public static async Task<DevTools> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new DevTools(socket);
        }

        public Task<JsonObject> WaitForEvent(string method, string? session)
        {
            var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock) _waiters.Add((method, session, done));
            return done.Task;
        }

        public async Task<JsonObject> SendAsync(string method, JsonObject parameters, string? session, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            int id;
            lock (_lock)
            {
                id = ++_nextId;
                _pending[id] = done;
            }
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            if (session is not null) message["sessionId"] = session;
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
            var reply = await done.Task.WaitAsync(cancellationToken);
            if (reply["error"] is JsonObject error)
                throw new PdfException($"Chromium refused {method}: {error["message"]}");
            return reply["result"] as JsonObject ?? [];
        }

        private async Task ReadLoopAsync()
        {
            var buffer = new byte[1 << 16];
            using var message = new MemoryStream();
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (received.MessageType == WebSocketMessageType.Close) break;
                    message.Write(buffer, 0, received.Count);
                    if (!received.EndOfMessage) continue;
                    var json = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) as JsonObject;
                    message.SetLength(0);
                    if (json is not null) Dispatch(json);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException) { }
            lock (_lock)
            {
                foreach (var pending in _pending.Values) pending.TrySetException(new PdfException("Chromium closed the connection."));
                foreach (var waiter in _waiters) waiter.Done.TrySetException(new PdfException("Chromium closed the connection."));
            }
        }

        private void Dispatch(JsonObject json)
        {
            lock (_lock)
            {
                if (json["id"] is JsonValue idValue && _pending.Remove(idValue.GetValue<int>(), out var pending))
                {
                    pending.TrySetResult(json);
                    return;
                }
                if (json["method"]?.GetValue<string>() is not { } method) return;
                var session = json["sessionId"]?.GetValue<string>();
                for (var i = _waiters.Count - 1; i >= 0; i--)
                    if (_waiters[i].Method == method && (_waiters[i].Session is null || _waiters[i].Session == session))
                    {
                        _waiters[i].Done.TrySetResult(json["params"] as JsonObject ?? []);
                        _waiters.RemoveAt(i);
                    }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _reader; }
            catch (OperationCanceledException) { }
            _socket.Abort();
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
