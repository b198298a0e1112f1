using System.Globalization;
using OutcomeAnalytics.DuckDb;

namespace OutcomeAnalytics.Cli;

/// <summary>Shows what a long command is doing on an interactive terminal; silent when stderr is redirected.</summary>
internal sealed class ProgressDisplay : IDisposable
{
    private readonly DuckDbConnection _connection;
    private readonly TextWriter _writer;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private string _stage = "";
    private long _stageStarted = Environment.TickCount64;
    private int _width;
    private bool _disposed;

    private ProgressDisplay(DuckDbConnection connection, TextWriter writer)
    {
        _connection = connection;
        _writer = writer;
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    /// <summary>A display when stderr is a terminal, else null.</summary>
    public static ProgressDisplay? Start(DuckDbConnection connection, TextWriter stderr) =>
        ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new ProgressDisplay(connection, stderr) : null;

    public void Stage(string stage)
    {
        lock (_gate)
        {
            _stage = stage;
            _stageStarted = Environment.TickCount64;
        }
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_disposed || _stage.Length == 0) return;
            // DuckDB's progress is meaningful while a file is read; other stages show the time spent so far.
            var p = _stage.StartsWith("reading", StringComparison.Ordinal) ? _connection.Progress.Percentage : -1;
            var seconds = (Environment.TickCount64 - _stageStarted) / 1000.0;
            var text = p >= 0
                ? $"  {_stage} {p.ToString("0", CultureInfo.InvariantCulture)}%"
                : $"  {_stage} ({seconds.ToString("0.0", CultureInfo.InvariantCulture)} s)";
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
