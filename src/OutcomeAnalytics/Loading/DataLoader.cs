using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using DuckDB.NET.Data;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Instruments;

namespace OutcomeAnalytics.Loading;

/// <summary>
/// Loads a folder of contract CSV files into DuckDB. Each file is read by DuckDB's CSV reader (parallel) with
/// its columns declared from the header, every field kept as text so that every fault can be reported with
/// the value as written; then set-based SQL derived from the data dictionary checks types, required and
/// controlled values, ranges, multi-column rules, unique keys and references. Good rows replace the table's
/// data; rejected rows are kept whole in <c>load_rejects</c>. The whole load is one transaction.
/// </summary>
public sealed class DataLoader
{
    private readonly DataDictionary _dictionary;
    private readonly InstrumentCatalog _instruments;

    /// <summary>Creates a loader for a dictionary (the default: the toolkit's own).</summary>
    public DataLoader(DataDictionary? dictionary = null, InstrumentCatalog? instruments = null)
    {
        _dictionary = dictionary ?? DataDictionary.Default;
        _instruments = instruments ?? InstrumentCatalog.Default;
    }

    /// <summary>Loads every contract CSV present in <paramref name="folder"/>.</summary>
    /// <remarks>
    /// In a database file the load is written into the file itself before this returns (a checkpoint), not left in
    /// DuckDB's write-ahead log alone: a file that cannot grow is reported, and the load undone, rather than the load
    /// kept in the log with nothing said.
    /// While tables are read and checked on two connections, DuckDB's <c>threads</c> setting is halved; it belongs to the
    /// database instance, so any other connection to the same database in this process runs on the halved threads until
    /// the load gives them back (when its tables are checked, or it fails).
    /// </remarks>
    /// <exception cref="LoadException">A required file or column is missing, a file cannot be read, or (strict) rows were rejected. The database is unchanged.</exception>
    /// <exception cref="DatabaseException">
    /// The database file cannot be written (no space, a file size limit), naming it; the database is as it was. When the
    /// load's checkpoint is what failed, <paramref name="connection"/> is closed (DuckDB stops using such a database).
    /// </exception>
    public LoadResult Load(DuckDBConnection connection, string folder, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The write-ahead log is emptied first, so that after the commit it holds this load alone and the load can be
        // undone by removing it if the checkpoint that writes it into the file fails.
        Database.Checkpoint(connection);
        var before = LastLoad(connection);
        // Files whose line endings must be evened out are read from copies in a folder of the load's own.
        var copies = Path.Combine(Path.GetTempPath(), $"oa-load-{Guid.NewGuid():N}");
        LoadResult result;
        try
        {
            result = Load(connection, folder, options ?? new LoadOptions(), copies);
        }
        finally
        {
            if (Directory.Exists(copies)) Directory.Delete(copies, true);
        }
        Database.CheckpointOrUndo(connection, reopened => LastLoad(reopened) == before);
        return result;
    }

    /// <summary>The number of the last load in the database, or 0 when there is none (or no <c>load_log</c> yet).</summary>
    private static long LastLoad(DuckDBConnection connection) =>
        connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'load_log' AND schema_name = 'main' AND database_name = current_database()") == 0
            ? 0
            : connection.Scalar<long>("SELECT coalesce(max(load_id), 0) FROM load_log");

    private LoadResult Load(DuckDBConnection connection, string folder, LoadOptions options, string copies)
    {
        var clock = Stopwatch.StartNew();
        if (!Directory.Exists(folder)) throw new LoadException($"The data folder '{folder}' does not exist.");

        var warnings = new List<string>();
        var files = Directory.GetFiles(folder, "*.csv").ToDictionary(f => Path.GetFileNameWithoutExtension(f).ToLowerInvariant(), f => f);
        foreach (var (name, path) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            if (_dictionary.Find(name) is null)
                warnings.Add($"{Path.GetFileName(path)}: not a table of the data contract; ignored.");
        var missing = _dictionary.Tables.Where(t => t.RequiredFile && !files.ContainsKey(t.Name)).Select(t => t.FileName).ToList();
        if (missing.Count > 0)
            throw new LoadException($"Required file{(missing.Count > 1 ? "s" : "")} missing from '{folder}': {string.Join(", ", missing)}.");

        // Read every header first: a missing required column stops the load before anything is read.
        var plans = new List<Plan>();
        foreach (var table in _dictionary.Tables)
        {
            if (!files.TryGetValue(table.Name, out var path)) continue;
            if (options.MaxFileBytes > 0 && new FileInfo(path).Length is var size && size > options.MaxFileBytes)
                throw new LoadException($"{table.FileName}: the file is {Size(size)}, more than the {Size(options.MaxFileBytes)} a load reads "
                    + $"(--max-file-size); check that it is the extract you meant, or load it with --max-file-size {Math.Ceiling(size / (double)(1L << 30)).ToString(CultureInfo.InvariantCulture)}GB. Nothing was loaded.");
            var extract = new ExtractFile(path, copies);
            extract.EvenFromTheStart();
            var header = CsvText.ReadHeader(extract.Source);
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            var unknown = new List<string>();
            for (var i = 0; i < header.Count; i++)
            {
                var name = header[i].ToLowerInvariant();
                if (table.Column(name) is { } column)
                {
                    if (!positions.TryAdd(column.Name, i))
                        throw new LoadException($"{table.FileName} line 1: the column {column.Name} appears more than once in the header.");
                }
                else unknown.Add(header[i].Length == 0 ? $"(unnamed column {i + 1})" : RejectMessages.Clip(header[i])!);
            }
            var absent = table.Columns.Where(c => c.Required && !positions.ContainsKey(c.Name)).Select(c => c.Name).ToList();
            if (absent.Count > 0)
                throw new LoadException($"{table.FileName} line 1: required column{(absent.Count > 1 ? "s" : "")} {string.Join(", ", absent)} missing from the header"
                    + $"{SeparatorHint(header)}; expected columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
            if (unknown.Count > 0)
                warnings.Add($"{table.FileName}: unknown column{(unknown.Count > 1 ? "s" : "")} ignored: {string.Join(", ", unknown)}.");
            plans.Add(new Plan(table, extract, positions, header.Count, new FileInfo(path).Length));
        }

        var now = options.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(options.Clock.GetLocalNow().DateTime);

        Schema.Ensure(connection, _dictionary);
        _instruments.Store(connection);
        var (referred, queue) = Split(plans);
        // Each file is staged into a table of the database itself (committed on its own, so that the second connection
        // sees it), which becomes the table once checked: its faulty rows are deleted, its own columns dropped, and in
        // the load's transaction the table is dropped and the staging table renamed to it. The rows are thus written
        // to the file once, as they are read. Fault tables live in in-memory databases attached for this load, which
        // the second connection can also see (temporary tables are private to one connection); detaching them drops them.
        var id = Guid.NewGuid().ToString("N");
        var (stage, scratch, secondScratch) = ($"oa_load_{id}", $"oa_load_{id}_faults", $"oa_load_{id}_second");
        var attached = new List<string>();
        var reporter = new StageReporter(options);
        var db = new TimedConnection(connection, reporter.OnStatement);
        void TellHere(string text) => reporter.Tell(text, db, second: false);
        // Each connection keeps the faults of the tables it checks in a scratch database of its own.
        var validations = new[] { scratch, secondScratch }.Select(faults => (IReadOnlyList<TableValidation>)[.. plans.Select(p => new TableValidation(p.Table, p.Positions,
            options.DateFormat, today, stage, faults, TableValidation.AcademicYears(scratch), _instruments))]).ToArray();
        var failed = true;
        try
        {
            DropStaging(db, "oa_load_%");
            foreach (var name in new[] { scratch, secondScratch })
            {
                connection.Execute($"ATTACH ':memory:' AS {name}");
                attached.Add(name);
            }
            db.Execute(TableValidation.AcademicYearsDdl(scratch));
            Staged[] staged;
            using (var checks = new TableChecks(this, connection, db, reporter, plans, validations, referred, queue))
            {
                checks.Run()?.Error.Throw();
                staged = [.. Enumerable.Range(0, plans.Count).Select(i => checks[i])];
            }
            var rejects = staged.SelectMany(t => t.Rejects).ToList();
            if (options.Strict && rejects.Count > 0)
                throw new LoadException(
                    $"Strict load failed: {staged.Sum(s => s.RowsRejected)} row(s) rejected; nothing was changed.", rejects);
            var loaded = staged.Select(t => Ready(db, t, TellHere)).ToList();

            using var transaction = connection.BeginTransaction();
            TellHere("storing the tables");
            foreach (var t in staged)
            {
                db.Execute($"DROP TABLE IF EXISTS {t.Validation.Table.Name}");
                db.Execute($"ALTER TABLE {t.Validation.Staging} RENAME TO {t.Validation.Table.Name}");
            }
            var loadId = db.Scalar<long>("SELECT coalesce(max(load_id), 0) + 1 FROM load_log");
            var summaries = staged.Select((t, i) => new TableLoadSummary(t.Validation.Table.Name, t.File, t.RowsRead, loaded[i], t.RowsRejected)).ToList();
            foreach (var t in summaries)
                db.Execute(
                    "INSERT INTO load_log VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    loadId, now.UtcDateTime, t.Table, t.File, t.RowsRead, t.RowsLoaded, t.RowsRejected, options.DateFormat.Display);
            TellHere("saving rejects");
            SaveRejects(db, loadId, plans.Select(p => p.Table.Name), rejects);
            var result = new LoadResult { LoadId = loadId, Tables = summaries, Rejects = rejects, Warnings = warnings, Elapsed = clock.Elapsed };
            options.BeforeCommit?.Invoke(result);
            transaction.Commit();
            failed = false;
            return result with { Elapsed = clock.Elapsed };
        }
        finally
        {
            // A failure to clean up does not hide the failure that ended the load.
            try
            {
                if (failed) DropStaging(db, stage);
                foreach (var name in attached) connection.Execute($"DETACH {name}");
            }
            catch (DuckDBException) when (failed)
            {
            }
        }
    }

    /// <summary>
    /// Drops the staging tables in the database of the loads whose names match <paramref name="load"/> (a LIKE pattern):
    /// a failed load's, or those of a load whose process was stopped before it could drop them.
    /// </summary>
    private static void DropStaging(TimedConnection db, string load)
    {
        var left = db.Rows(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name LIKE $1 ESCAPE '\\'",
            r => r.GetString(0), load.Replace("_", "\\_", StringComparison.Ordinal) + "\\_stg\\_%");
        foreach (var table in left) db.Execute($"DROP TABLE IF EXISTS \"{table}\"");
    }

    /// <summary>A size in bytes as messages give it: <c>2.0 GiB (2,147,483,649 bytes)</c>.</summary>
    private static string Size(long bytes) =>
        $"{(bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture)} GiB ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)";

    /// <summary>
    /// What separator a header with no commas seems to use instead (semicolons, as Excel saves CSV where a comma is the
    /// decimal point; tabs, as it saves text), or nothing.
    /// </summary>
    private static string SeparatorHint(IReadOnlyList<string> header)
    {
        if (header.Count > 1) return "";
        var names = header[0];
        var (separator, name) = new[] { (';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars") }.MaxBy(s => names.Count(c => c == s.Item1));
        return names.Contains(separator, StringComparison.Ordinal)
            ? $" (the header has no commas but {names.Count(c => c == separator)} {name}: the file looks {name[..^1]}-separated; save it as CSV, comma-separated, UTF-8)"
            : "";
    }

    /// <summary>
    /// Reads and checks the tables on two connections, each taking another table as soon as it is done with one: DuckDB
    /// reads a file of a few megabytes, and stores a few hundred thousand rows, on one thread, so one table after another
    /// would leave the second core idle. The tables that others refer to are read and checked first, in the dictionary's
    /// order, on the caller's connection; the rest wait in a queue, largest file first (see <see cref="Split"/>), from
    /// which both connections take, the second from the start. A table from the queue is checked once the referred-to
    /// tables before it in the dictionary's order are, since it may refer to them. Once a table fails, no table after it
    /// in the dictionary's order is begun, and of the failures the first in that order is reported: the one a load of one
    /// table after another would report. A single table is read and checked on the caller's connection alone.
    /// </summary>
    private sealed class TableChecks : IDisposable
    {
        private readonly DataLoader _loader;
        private readonly DuckDBConnection _connection;
        private readonly TimedConnection _main;
        private readonly StageReporter _reporter;
        private readonly List<Plan> _plans;
        private readonly IReadOnlyList<TableValidation>[] _validations;
        private readonly List<int> _referred;
        private readonly Lock _gate = new();
        private readonly Queue<int> _queue;
        private readonly List<Failure> _failures = [];
        private readonly Staged?[] _done;
        private readonly ReferredProgress _referredChecked;
        private readonly TimedConnection? _sibling;
        private readonly Task? _second;
        private readonly long? _threads;

        // validations: the tables' validations for each connection (each has its own faults database); referred: the
        // tables others refer to, in the dictionary's order; queue: the other tables, in the order they are taken.
        public TableChecks(DataLoader loader, DuckDBConnection connection, TimedConnection main, StageReporter reporter,
            List<Plan> plans, IReadOnlyList<TableValidation>[] validations, List<int> referred, List<int> queue)
        {
            (_loader, _connection, _main, _reporter, _plans, _validations, _referred) = (loader, connection, main, reporter, plans, validations, referred);
            _queue = new Queue<int>(queue);
            _done = new Staged?[plans.Count];
            _referredChecked = new ReferredProgress(referred);
            // A second connection only when it has tables to take.
            if (plans.Count < 2 || queue.Count == 0) return;
            var on = _sibling = new TimedConnection(Database.OpenAnother(connection), reporter.OnStatement);
            try
            {
                // The two connections share the database's threads: each runs its statements on half of them. On two cores
                // that is one each, which also writes every staging table in whole row groups (DuckDB's parallel insert
                // leaves a part-filled row group at the end of each batch of the file, which the load's checkpoint then
                // rewrites). Not when one file holds more than half of the bytes: the other connection could not take half
                // of the work, and that file's table would be read on half of the threads while the other stood idle.
                if (plans.Max(p => p.Bytes) * 2 <= plans.Sum(p => p.Bytes))
                {
                    var threads = connection.Scalar<long>("SELECT CAST(current_setting('threads') AS BIGINT)");
                    SetThreads(connection, Math.Max(1, threads / 2));
                    _threads = threads;
                }
                _second = Task.Factory.StartNew(() => Lane(1, on), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>A table read and checked.</summary>
        public Staged this[int table] => _done[table] ?? throw new InvalidOperationException($"{_plans[table].Table.Name} was not checked.");

        /// <summary>
        /// Reads and checks tables here until none is left, then waits for the second connection, telling its stage again
        /// meanwhile; the first failure in the dictionary's order, or null.
        /// </summary>
        public Failure? Run()
        {
            Lane(0, _main);
            if (_second is not null)
            {
                if (!_second.IsCompleted) _reporter.TellSecondAgain();
                _second.Wait();
            }
            lock (_gate) return _failures.MinBy(f => f.Table);
        }

        /// <summary>
        /// Stops the second connection (once it has stopped working), closes it and gives the database its threads back.
        /// When the load is failing, a failure to give them back does not hide why it failed.
        /// </summary>
        public void Dispose()
        {
            try
            {
                _referredChecked.Abandon();
                _second?.Wait();
                _sibling?.Close();
            }
            finally
            {
                try
                {
                    if (_threads is { } threads) SetThreads(_connection, threads);
                }
                catch (DuckDBException) when (Failing)
                {
                }
            }
        }

        /// <summary>True once a table has failed.</summary>
        private bool Failing => FirstFailed < int.MaxValue;

        /// <summary>The first table in the dictionary's order that has failed so far, or int.MaxValue.</summary>
        private int FirstFailed
        {
            get
            {
                lock (_gate) return FirstFailedHeld();
            }
        }

        /// <summary><see cref="FirstFailed"/>, for a caller holding the gate.</summary>
        private int FirstFailedHeld() => _failures.Count == 0 ? int.MaxValue : _failures.Min(f => f.Table);

        /// <summary>Sets the threads of the database's instance (a setting every connection to it shares).</summary>
        private static void SetThreads(DuckDBConnection connection, long threads) =>
            connection.Execute($"SET GLOBAL threads = {threads.ToString(CultureInfo.InvariantCulture)}");

        /// <summary>
        /// One connection's work: on the caller's (lane 0), the referred-to tables first, until one fails; then, on
        /// either, tables from the queue until it is empty.
        /// </summary>
        private void Lane(int lane, TimedConnection on)
        {
            void Tell(string text) => _reporter.Tell(text, on, second: lane == 1);
            if (lane == 0)
            {
                int? failed = null;
                foreach (var i in _referred)
                {
                    if (!Begins(i) || !Attempt(i, () => _done[i] = Check(on, lane, i, Read(on, lane, i, Tell), Tell)))
                    {
                        failed = i;
                        break;
                    }
                    _referredChecked.Checked(i);
                }
                _referredChecked.Finish(failed);
            }
            while (Next() is { } i)
            {
                ReadFile? read = null;
                if (!Attempt(i, () => read = Read(on, lane, i, Tell))) continue;
                // Not checked when a referred-to table before it failed, or the load stopped, or any table before it failed.
                if (i > _referredChecked.WaitBefore(i) || !Begins(i)) continue;
                Attempt(i, () => _done[i] = Check(on, lane, i, read!, Tell));
            }
        }

        /// <summary>The next table of the queue that comes before every failure so far in the dictionary's order, or null.</summary>
        private int? Next()
        {
            lock (_gate)
            {
                while (_queue.TryDequeue(out var i))
                    if (i < FirstFailedHeld()) return i;
                return null;
            }
        }

        /// <summary>True when no table before <paramref name="table"/> in the dictionary's order has failed so far.</summary>
        private bool Begins(int table)
        {
            return table < FirstFailed;
        }

        /// <summary>Runs one table's step; false when it failed (the failure is kept, to be reported once both connections stop).</summary>
        private bool Attempt(int table, Action step)
        {
            try
            {
                step();
                return true;
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failures.Add(new Failure(table, ExceptionDispatchInfo.Capture(e)));
                }
                return false;
            }
        }

        private ReadFile Read(TimedConnection on, int lane, int table, Action<string> tell) =>
            DataLoader.Read(on, _validations[lane][table], _plans[table], tell);

        private Staged Check(TimedConnection on, int lane, int table, ReadFile read, Action<string> tell) =>
            _loader.Check(on, _validations[lane][table], _plans[table], read, tell, name => Before(table, name));

        /// <summary>A table read and checked before this one in this load, in the dictionary's order, by name; or null.</summary>
        private Staged? Before(int table, string name) =>
            _plans.FindIndex(p => p.Table.Name == name) is var j and >= 0 && j < table ? _done[j] : null;
    }

    /// <summary>
    /// Tells the caller the load's stages and statements one at a time, from either connection, and remembers
    /// the second connection's stage so that it can be told again while the first waits for it.
    /// </summary>
    private sealed class StageReporter(LoadOptions options)
    {
        private readonly Lock _gate = new();
        private LoadStage? _second;

        public Action<string, TimeSpan>? OnStatement => options.OnStatement is null ? null : Statement;

        public void Tell(string text, TimedConnection on, bool second)
        {
            if (options.OnStage is null && options.OnProgress is null) return;
            var stage = new LoadStage(text, () => on.Percentage);
            lock (_gate)
            {
                if (second) _second = stage;
                options.OnStage?.Invoke(text);
                options.OnProgress?.Invoke(stage);
            }
        }

        public void TellSecondAgain()
        {
            lock (_gate)
                if (_second is { } stage)
                {
                    options.OnStage?.Invoke(stage.Text);
                    options.OnProgress?.Invoke(stage);
                }
        }

        private void Statement(string sql, TimeSpan took)
        {
            lock (_gate) options.OnStatement!(sql, took);
        }
    }

    /// <summary>
    /// How far the referred-to tables are checked, for tables that may refer to them to wait on: each is checked in the
    /// dictionary's order, and the first that fails ends them.
    /// </summary>
    private sealed class ReferredProgress(List<int> referred)
    {
        private readonly object _gate = new();
        private int _checkedBefore = referred.Count > 0 ? referred[0] : int.MaxValue;   // every referred-to table with a smaller index is checked
        private int? _failed;         // the referred-to table that failed
        private bool _finished, _abandoned;

        /// <summary>Referred-to table <paramref name="table"/> is checked (so is every one before it).</summary>
        public void Checked(int table)
        {
            lock (_gate)
            {
                var next = referred.FindIndex(i => i > table);
                _checkedBefore = next < 0 ? int.MaxValue : referred[next];
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>The referred-to tables are done: every one checked, or <paramref name="failed"/> failed.</summary>
        public void Finish(int? failed)
        {
            lock (_gate)
            {
                (_finished, _failed) = (true, failed);
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>The load stops: nothing more will be checked.</summary>
        public void Abandon()
        {
            lock (_gate)
            {
                _abandoned = true;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>
        /// Waits until every referred-to table before <paramref name="table"/> is checked, or one failed; returns the
        /// referred-to table that failed (int.MaxValue when none did so far), or -1 when the load stopped.
        /// </summary>
        public int WaitBefore(int table)
        {
            lock (_gate)
            {
                while (!_abandoned && !_finished && _checkedBefore < table) Monitor.Wait(_gate);
                return _abandoned ? -1 : _failed ?? int.MaxValue;
            }
        }
    }

    /// <summary>A contract file found in the folder, with where each dictionary column is in its header.</summary>
    private sealed record Plan(TableDefinition Table, ExtractFile File, Dictionary<string, int> Positions, int FieldCount, long Bytes);

    /// <summary>
    /// Splits the tables (by their index in the dictionary's order) into those another table refers to, in that order,
    /// and the rest, largest file first: taken one at a time by whichever connection is free, the largest first leave
    /// the smallest for last, so the two connections finish close together.
    /// </summary>
    private static (List<int> Referred, List<int> Queue) Split(List<Plan> plans)
    {
        var referred = plans.SelectMany(p => p.Table.Columns).Select(c => c.References?.Table).OfType<string>().ToHashSet();
        var tables = Enumerable.Range(0, plans.Count).ToList();
        return ([.. tables.Where(i => referred.Contains(plans[i].Table.Name))],
            [.. tables.Where(i => !referred.Contains(plans[i].Table.Name)).OrderByDescending(i => plans[i].Bytes).ThenBy(i => i)]);
    }

    /// <summary>A table whose reading or checking failed, and how. Of two, the one first in the dictionary's order is reported.</summary>
    private sealed record Failure(int Table, ExceptionDispatchInfo Error);

    /// <summary>Checks a table read into its staging table: fills its faults table and describes every rejected row.</summary>
    private Staged Check(TimedConnection db, TableValidation validation, Plan plan, ReadFile read,
        Action<string>? onStage, Func<string, Staged?> before)
    {
        onStage?.Invoke($"checking {plan.Table.FileName}");
        var faulty = FindFaults(db, validation, before);
        var (rejects, rejectedRows) = DescribeRejects(db, validation, plan.File, plan.FieldCount, read.Structural, faulty);
        return new Staged(validation, plan.File.Name, faulty, read.Staged, read.Staged + read.Structural.Select(s => s.Line).Distinct().Count(), rejectedRows, rejects);
    }

    private sealed record Structural(int Line, string? Column, string ErrorType, string Raw, string Message);

    /// <summary>A file read into its staging table: the rows staged, and the records DuckDB could not split into fields.</summary>
    private sealed record ReadFile(long Staged, List<Structural> Structural);

    /// <summary>A table read and checked, waiting to be stored: whether any staged row is faulty, its counts and its rejects.</summary>
    private sealed record Staged(TableValidation Validation, string File, bool Faulty, long StagedRows, long RowsRead, long RowsRejected, List<RejectedRow> Rejects);

    /// <summary>
    /// Reads the file into the staging table, checking every row as it is read; rows DuckDB cannot split into
    /// the header's fields are set aside.
    /// </summary>
    private static ReadFile Read(TimedConnection connection, TableValidation v, Plan plan, Action<string>? onStage)
    {
        onStage?.Invoke($"reading {plan.Table.FileName}");
        var (path, fieldCount, file) = (plan.File.Source, plan.FieldCount, plan.File.Name);
        var name = v.Table.Name;
        // First without keeping the records DuckDB cannot split into fields, which a clean file (the usual case) reads
        // faster without; only when the read fails is it repeated keeping them, so that each is reported.
        var fast = v.StageSql(path, fieldCount, null);
        try
        {
            // The rows the statement inserted (its CREATE TABLE counts none).
            return new ReadFile(connection.Execute(fast.ToString(), fast.Parameters), []);
        }
        // A file of the database that cannot be written is no fault of the CSV file: that error stands as DuckDB gave it.
        catch (DuckDBException e) when (!Database.IsWriteFailure(e))
        {
            connection.Execute($"DROP TABLE IF EXISTS {v.Staging}");
            // Lines ending in two kinds of line break (a few lines added to a file in another tool) fail the read; read
            // from a copy with even line endings, whose lines are the file's.
            if (plan.File.EvenAfterAFailure()) return Read(connection, v, plan, null);
        }
        // DuckDB keeps the records in temporary tables of this connection, which an earlier load on it may have left.
        connection.Execute($"DROP TABLE IF EXISTS rej_{name}_errors; DROP TABLE IF EXISTS rej_{name}_scans");
        var stage = v.StageSql(path, fieldCount, ($"rej_{name}_errors", $"rej_{name}_scans"));
        long staged;
        try
        {
            staged = connection.Execute(stage.ToString(), stage.Parameters);
        }
        catch (DuckDBException e) when (!Database.IsWriteFailure(e))
        {
            throw new LoadException($"{file}: the file cannot be read as CSV: {DuckDbText(e.Message)}");
        }
        // DuckDB may report one record more than once (a row missing two fields, say): its first fault is reported.
        var list = connection.Rows(
            $"SELECT CAST(line AS BIGINT), CAST(column_name AS VARCHAR), CAST(error_type AS VARCHAR), CAST(csv_line AS VARCHAR), CAST(error_message AS VARCHAR) FROM rej_{name}_errors ORDER BY line",
            r => new Structural((int)r.GetInt64(0), r.Field<string>(1), r.Field<string>(2) ?? "", r.Field<string>(3) ?? "", r.Field<string>(4) ?? ""));
        list = [.. list.DistinctBy(s => s.Line)];
        // DuckDB keeps the records in temporary tables of this connection: dropped here, on it.
        connection.Execute($"DROP TABLE rej_{name}_errors; DROP TABLE rej_{name}_scans");
        if (list.FirstOrDefault(s => StructuralRule(s.ErrorType) == "bad_quotes") is { } broken)
        {
            var index = CsvText.IndexRecords(path);
            var at = index.FindLogical(broken.Line);
            var line = at >= 0 ? index.Line(at) : broken.Line;
            throw new LoadException(
                $"{file} line {line}: a double quote is out of place or never closed, so the rest of the file cannot be read safely; "
                + "a value containing a double quote must itself be in double quotes, with the quote doubled (\"\"). Nothing was loaded.");
        }
        return new ReadFile(staged, list);
    }

    /// <summary>Fills the table's faults table; true when any staged row is faulty.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="v">The table's validation.</param>
    /// <param name="before">A table read and checked before this one in this load, by name, or null.</param>
    private bool FindFaults(TimedConnection connection, TableValidation v, Func<string, Staged?> before)
    {
        var table = v.Table;
        connection.Execute($"CREATE TABLE {v.Faults} (rid BIGINT, col VARCHAR, rule VARCHAR, other_rid BIGINT)");
        var (notOk, duplicateKeys) = Survey(connection, v);
        // Only the rows that failed a rule while being read are examined rule by rule: when none did (a clean file),
        // the examination, the load's longest statements to plan, is not run at all.
        var rows = v.RowFaults();
        var faulty = notOk > 0 && connection.Execute($"INSERT INTO {v.Faults} SELECT rid, col, rule, NULL FROM ({rows})", rows.Parameters) > 0;

        if (duplicateKeys)
        {
            // Keys are hashed once; only the (usually few) duplicated keys are joined back to find the later rows.
            var keys = v.KeyColumns();
            var names = Enumerable.Range(0, keys.Count).Select(i => $"k{i}").ToList();
            var valid = $"(SELECT s.rowid AS rid, {string.Join(", ", keys.Select((k, i) => $"s.{k} AS k{i}"))} FROM {v.Staging} s{WithoutFaults(v, faulty)})";
            faulty |= connection.Execute(
                $"INSERT INTO {v.Faults} SELECT r.rid, $1, 'duplicate_key', d.first_rid FROM {valid} r "
                + $"JOIN (SELECT {string.Join(", ", names)}, min(rid) AS first_rid FROM {valid} GROUP BY ALL HAVING count(*) > 1) d "
                + $"ON {string.Join(" AND ", names.Select(n => $"r.{n} IS NOT DISTINCT FROM d.{n}"))} WHERE r.rid <> d.first_rid",
                "key") > 0;
        }

        foreach (var column in table.Columns.Where(c => c.References is not null))
        {
            if (v.Field(column.Name) is null) continue;
            var field = v.TypedColumn(column);
            var parent = _dictionary[column.References!.Table];
            var parentColumn = parent.Column(column.References.Column)!;
            // A parent read in this load is checked against the rows it will store; another, against the database.
            var parentStaged = parent.Name != table.Name ? before(parent.Name) : null;
            var parentField = parentStaged is not null && parentStaged.Validation.Field(parentColumn.Name) is not null
                ? parentStaged.Validation.TypedColumn(parentColumn) : null;
            var keys = parentStaged is null
                ? $"SELECT {parentColumn.Name} FROM {parent.Name} WHERE {parentColumn.Name} IS NOT NULL"
                : parentField is null
                    ? "SELECT NULL::VARCHAR WHERE false"
                    : $"SELECT s.{parentField} FROM {parentStaged.Validation.Staging} s{WithoutFaults(parentStaged.Validation, parentStaged.Faulty)} WHERE s.{parentField} IS NOT NULL";
            // An anti join over the parent's keys that are not NULL: a value is a missing reference when no key equals it
            // (NOT IN would find none at all once one key were NULL).
            var missing = connection.Execute(
                $"INSERT INTO {v.Faults} SELECT s.rowid, $1, 'reference', NULL FROM {v.Staging} s{WithoutFaults(v, faulty)} "
                + $"ANTI JOIN ({keys}) AS parent_keys(parent_key) ON s.{field} = parent_keys.parent_key WHERE s.{field} IS NOT NULL",
                column.Name);
            // Of those, a value in the parent's file on a row rejected there is named so. Asked only when a reference is
            // missing (rarely): it reads the parent's keys a second time.
            if (missing > 0 && parentField is not null)
                connection.Execute(
                    $"UPDATE {v.Faults} f SET rule = 'reference_rejected' FROM {v.Staging} s WHERE f.col = $1 AND f.rule = 'reference' AND f.rid = s.rowid "
                    + $"AND s.{field} IN (SELECT {parentField} FROM {parentStaged!.Validation.Staging})",
                    column.Name);
            faulty |= missing > 0;
        }
        return faulty;
    }

    /// <summary>Sets aside the staged rows (alias <c>s</c>) already found faulty; nothing when none is.</summary>
    private static string WithoutFaults(TableValidation v, bool faulty) =>
        faulty ? $" ANTI JOIN (SELECT DISTINCT rid FROM {v.Faults}) f ON s.rowid = f.rid" : "";

    /// <summary>
    /// One pass over the staged rows: how many failed a rule while being read, and whether any key may repeat. The key
    /// test is cheap and exact: equal keys have equal hashes, so when the hashes are all distinct so are the keys. Only
    /// when it fails does the dearer search for the duplicated rows run.
    /// </summary>
    private static (long NotOk, bool DuplicateKeys) Survey(TimedConnection connection, TableValidation v)
    {
        var keys = v.Table.Key.Count > 0 ? $"count(*) - count(DISTINCT hash({string.Join(", ", v.KeyColumns())}))" : "0";
        return connection.Rows($"SELECT count(*) FILTER (WHERE NOT ok), {keys} FROM {v.Staging}", r => (r.GetInt64(0), r.GetInt64(1) > 0))[0];
    }

    /// <summary>
    /// Makes a checked staging table the table it will replace: deletes its faulty rows, drops the columns of the check
    /// (whether the row was read whole, its fields as written), gives the typed columns their names and the required
    /// ones NOT NULL. The staging table is the load's own, so this is done before the load's transaction, which then only
    /// swaps the tables (DuckDB does not commit a transaction that both deletes from a table and alters it).
    /// </summary>
    /// <returns>The rows the table will hold.</returns>
    private static long Ready(TimedConnection connection, Staged t, Action<string>? onStage)
    {
        var v = t.Validation;
        onStage?.Invoke($"storing {v.Table.Name}");
        var deleted = t.Faulty ? connection.Execute($"DELETE FROM {v.Staging} WHERE rowid IN (SELECT rid FROM {v.Faults})") : 0;
        var alter = new List<string> { "DROP COLUMN ok", "DROP COLUMN raw" };
        alter.AddRange(v.Table.Columns.Select(c => $"RENAME COLUMN {v.TypedColumn(c)} TO {c.Name}"));
        alter.AddRange(v.Table.Columns.Where(c => c.Required).Select(c => $"ALTER COLUMN {c.Name} SET NOT NULL"));
        connection.Execute(string.Join("; ", alter.Select(a => $"ALTER TABLE {v.Staging} {a}")));
        return t.StagedRows - deleted;
    }

    /// <summary>
    /// The table's rejects: the records DuckDB could not split into fields (<paramref name="structural"/>) and the rows of
    /// its faults table, which is read only when <paramref name="faulty"/> says it holds any.
    /// </summary>
    private (List<RejectedRow> Rejects, long RejectedRows) DescribeRejects(TimedConnection connection, TableValidation v, ExtractFile extract, int fieldCount,
        List<Structural> structural, bool faulty)
    {
        var (file, path) = (extract.Name, extract.Source);
        // A row that failed a rule while being read was staged with its fields as written; a row found faulty
        // only later (a duplicate key, a missing reference) has its typed values, and its text is read from the file.
        var fields = Enumerable.Range(0, fieldCount).Select(i =>
            v.Table.Columns.FirstOrDefault(c => v.Position(c.Name) == i) is { } column
                ? $"CASE WHEN s.ok THEN CAST(s.{v.TypedColumn(column)} AS VARCHAR) ELSE {TableValidation.Raw(i)} END AS c{i}"
                : $"{TableValidation.Raw(i)} AS c{i}");
        var faults = !faulty ? [] : connection.Rows(
            $"SELECT f.rid, f.col, f.rule, f.other_rid, s.ok, {string.Join(", ", fields)} FROM {v.Faults} f JOIN {v.Staging} s ON s.rowid = f.rid ORDER BY f.rid, f.col",
            r => new Fault(r.GetInt64(0), r.GetString(1), r.GetString(2), r.Field<long?>(3), r.GetBoolean(4),
                [.. Enumerable.Range(0, fieldCount).Select(i => r.Field<string>(5 + i))]));
        var rejects = new List<RejectedRow>();
        if (faults.Count == 0 && structural.Count == 0) return (rejects, 0);

        // DuckDB numbers the rows it sets aside by counting only line breaks outside quotes; the index finds
        // each record's real line and its text. Staged rows are the records DuckDB did not set aside, in order.
        var index = CsvText.IndexRecords(path);
        using var handle = index.Open();
        var setAside = new HashSet<int>();
        foreach (var s in structural)
        {
            var record = index.FindLogical(s.Line);
            if (record >= 0) setAside.Add(record);
            var line = record >= 0 ? index.Line(record) : s.Line;
            rejects.Add(new RejectedRow(v.Table.Name, file, line, s.Column ?? "", StructuralRule(s.ErrorType), null,
                $"{file} line {line}: {StructuralMessage(s, record >= 0 ? index.Length(record) : null)}", record >= 0 ? index.Raw(record, handle) : s.Raw.Trim('\r', '\n')));
        }
        var rejectedRows = (long)structural.Select(s => s.Line).Distinct().Count();
        if (faults.Count == 0) return (rejects, rejectedRows);

        // Staged rows keep the file's order (DuckDB preserves insertion order), and their row ids are dense
        // but need not start at 0 (DuckDB does not promise that they do).
        // With none set aside (the usual case), staged row i is record i.
        int[]? accepted = setAside.Count == 0 ? null : [.. Enumerable.Range(0, index.Count).Where(r => !setAside.Contains(r))];
        var acceptedCount = accepted?.Length ?? index.Count;
        int Record(long row) => accepted is null ? (int)row : accepted[row];
        var (first, last, stagedCount) = connection.Rows($"SELECT min(rowid), max(rowid), count(*) FROM {v.Staging}", r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)))[0];
        var linesKnown = acceptedCount == stagedCount && last - first + 1 == stagedCount;

        var messages = new RejectMessages(v, _instruments);
        var distinct = new HashSet<int>();
        foreach (var fault in faults)
        {
            var rid = (int)(fault.Rid - first);
            distinct.Add(rid);
            int? line = linesKnown ? index.Line(Record(rid)) : null;
            var raw = linesKnown ? index.Raw(Record(rid), handle) : string.Join(",", fault.Fields.Select(f => f ?? ""));
            var (col, rule) = (fault.Col, fault.Rule);
            int? otherLine = fault.OtherRid is not { } other ? null : linesKnown ? index.Line(Record(other - first)) : null;
            var written = linesKnown && fault.Ok ? CsvText.SplitRecord(raw) : null;
            var (column, value, text) = messages.Describe(col, rule, name => FieldValue(fault, v.Position(name), written), otherLine);
            var where = line is null ? $"{file} row {rid + 1}" : $"{file} line {line}";
            rejects.Add(new RejectedRow(v.Table.Name, file, line, column, rule, value, $"{where}, column {column}: {text}", raw));
        }
        return (rejects, rejectedRows + distinct.Count);
    }

    /// <summary>A fault found in a staged row: the row, its column and rule, the row it repeats, whether it was read whole, and its fields as staged.</summary>
    private sealed record Fault(long Rid, string Col, string Rule, long? OtherRid, bool Ok, string?[] Fields);

    /// <summary>A field of a fault's row as written: from the record's text when given, else as staged; an empty field is NULL.</summary>
    private static string? FieldValue(Fault fault, int? position, List<string>? written) =>
        position is not { } p ? null
        : written is not null ? (p < written.Count && written[p].Length > 0 ? written[p] : null)
        : fault.Fields[p];

    private static string StructuralRule(string errorType) => errorType.ToLowerInvariant() switch
    {
        "too few columns" or "missing columns" => "too_few_fields",
        "too many columns" => "too_many_fields",
        "unquoted value" => "bad_quotes",
        "invalid unicode" or "invalid encoding" => "not_utf8",
        "line size over maximum" => "row_too_long",
        _ => "unreadable_row",
    };

    /// <param name="s">The record DuckDB set aside.</param>
    /// <param name="bytes">The record's length in the file, when known.</param>
    private static string StructuralMessage(Structural s, int? bytes) => StructuralRule(s.ErrorType) switch
    {
        "too_few_fields" => "the row has fewer fields than the header; check for a missing comma or a line break inside a value",
        "too_many_fields" => "the row has more fields than the header; a value containing a comma must be in double quotes",
        "not_utf8" => "the row is not valid UTF-8 text; save the file as UTF-8 CSV",
        "row_too_long" => $"the row is {(bytes is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) + " bytes" : "too")} long; a row may have at most "
            + $"{TableValidation.MaxRowBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes (a value this long is usually a document or a whole file pasted into a cell)",
        _ => $"the row cannot be read ({DuckDbText(s.Message)})",
    };

    /// <summary>
    /// The first line of a DuckDB error, cut short: the rest lists the reader's options and may quote a whole line
    /// of the file, however long.
    /// </summary>
    internal static string DuckDbText(string message)
    {
        return RejectMessages.Clip(message.Split('\n')[0].Trim(), 200)!;
    }

    private static void SaveRejects(TimedConnection connection, long loadId, IEnumerable<string> tables, List<RejectedRow> rejects)
    {
        foreach (var t in tables)
            connection.Execute("DELETE FROM load_rejects WHERE table_name = $1", t);
        if (rejects.Count == 0) return;
        // Rejects go in through DuckDB's appender, in the load's transaction: binding them row by row takes seconds
        // for tens of thousands, and a CSV file written here and read back would meet the CSV reader's limit on a
        // line's length (2,000,000 bytes), which a rejected row kept whole may pass (that is often why it was rejected).
        connection.Append("load_rejects", appender =>
        {
            foreach (var r in rejects)
                appender.CreateRow().AppendValue(loadId).AppendValue(r.Table).AppendValue(r.File).AppendValue(r.Line).AppendValue(r.Column)
                    .AppendValue(r.Rule).AppendValue(r.Value).AppendValue(r.Message).AppendValue(r.Row).EndRow();
        });
    }
}
