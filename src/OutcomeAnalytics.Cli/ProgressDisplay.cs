using System.Globalization;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Cli;

/// <summary>Shows what a long command is doing on an interactive terminal; silent when stderr is redirected.</summary>
internal sealed class ProgressDisplay : IDisposable
{
    private readonly TextWriter _writer;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private LoadStage? _stage;
    private int _width;
    private bool _disposed;

    private ProgressDisplay(TextWriter writer)
    {
        _writer = writer;
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    /// <summary>A display when stderr is a terminal, else null.</summary>
    public static ProgressDisplay? Start(TextWriter stderr) =>
        ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new ProgressDisplay(stderr) : null;

    public void Stage(LoadStage stage)
    {
        lock (_gate) _stage = stage;
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_disposed || _stage is not { } stage) return;
            // DuckDB's progress is meaningful while a file is read; other stages show the time spent so far.
            var p = stage.Text.StartsWith("reading", StringComparison.Ordinal) ? stage.Percentage : -1;
            var seconds = stage.Elapsed.TotalSeconds;
            var text = p >= 0
                ? $"  {stage.Text} {p.ToString("0", CultureInfo.InvariantCulture)}%"
                : $"  {stage.Text} ({seconds.ToString("0.0", CultureInfo.InvariantCulture)} s)";
            _writer.Write("\r" + text.PadRight(_width));
            _width = text.Length;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _timer.Dispose();
            if (_width > 0) _writer.Write("\r" + new string(' ', _width) + "\r");
        }
    }
}
