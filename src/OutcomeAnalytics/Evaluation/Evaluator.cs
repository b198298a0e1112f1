using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Evaluation;

/// <summary>The decision on one need for one person in scope (or the family, for a family-level need).</summary>
/// <param name="FamilyId">The family episode.</param>
/// <param name="NeedCode">The need.</param>
/// <param name="PersonId">The person judged, or null for a family-level decision.</param>
/// <param name="Status"><c>met</c>, <c>not_met</c>, <c>pending</c> or <c>insufficient_data</c>.</param>
/// <param name="Reason">One readable sentence.</param>
/// <param name="Detail">JSON with the windows, records and figures the decision used; empty when the evaluation kept decisions only (<see cref="EvaluationRun.HasDetails"/>).</param>
/// <param name="ReliableImprovement">Where a questionnaire decided: whether the change was reliable; null when no reliable-change threshold is known for it, or no questionnaire decided.</param>
public sealed record NeedResult(string FamilyId, string NeedCode, string? PersonId, string Status, string Reason, string Detail, bool? ReliableImprovement);

/// <summary>A family's claim status under a framework.</summary>
/// <param name="FamilyId">The family episode.</param>
/// <param name="Status"><c>claimable</c>, <c>not_met</c>, <c>pending</c>, <c>open</c>, <c>not_eligible</c>, <c>insufficient_data</c> or <c>already_claimed</c>.</param>
/// <param name="NeedsIdentified">Distinct needs of the framework identified for the family.</param>
/// <param name="NeedsMet">Of those, the needs met (for every person in scope).</param>
/// <param name="ClaimDueDate">Closure plus the claim months; null while open.</param>
/// <param name="Reason">One readable sentence.</param>
public sealed record FamilyClaim(string FamilyId, string Status, int NeedsIdentified, int NeedsMet, DateOnly? ClaimDueDate, string Reason);

/// <summary>
/// Rows of the needs table an evaluation did not judge: those recorded for another framework, or for this one with a
/// code it does not define (a mistyped code would otherwise change eligibility and claims without a word).
/// </summary>
/// <param name="Framework">The row's framework (this framework's id when the cell is empty).</param>
/// <param name="NeedCode">The need code recorded, or null for every code of another framework.</param>
/// <param name="Rows">How many rows.</param>
public sealed record NotJudged(string Framework, string? NeedCode, int Rows);

/// <summary>
/// An evaluation of a framework over a loaded database. The decisions and their details stay in the database, in
/// this run's own temporary tables (<see cref="NeedResultsTable"/>, <see cref="NeedDetailsView"/>), where SQL can
/// count, join and export them; <see cref="Needs"/> reads them into .NET when first used. Use it on the connection's
/// thread while the connection is open, and dispose it to free the tables before the connection closes.
/// </summary>
public sealed class EvaluationRun : IDisposable
{
    private readonly DuckDBConnection connection;
    private readonly Lazy<IReadOnlyList<NeedResult>> needs;
    private bool disposed;

    internal EvaluationRun(DuckDBConnection connection, string prefix, Framework framework, ParameterSet parameters, DateOnly asAt, IReadOnlyList<FamilyClaim> claims, bool details,
        IReadOnlyList<NotJudged> notJudged, int membersWithoutBirthDate)
    {
        (this.connection, Framework, Parameters, AsAt, Claims, HasDetails, NotJudged) = (connection, framework, parameters, asAt, claims, details, notJudged);
        MembersWithoutBirthDate = membersWithoutBirthDate;
        ResultsPrefix = prefix;
        (NodeResultsTable, LayoutTable, NeedResultsTable, NeedDetailsView) = (prefix + "results", prefix + "layout", prefix + "need_results", prefix + "need_details");
        NeedCount = checked((int)connection.Scalar<long>($"SELECT count(*) FROM {NeedResultsTable}"));
        needs = new Lazy<IReadOnlyList<NeedResult>>(() => ReadNeeds(), LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The framework evaluated.</summary>
    public Framework Framework { get; }
    /// <summary>The parameter values used.</summary>
    public ParameterSet Parameters { get; }
    /// <summary>The evaluation date T.</summary>
    public DateOnly AsAt { get; }
    /// <summary>One row per family.</summary>
    public IReadOnlyList<FamilyClaim> Claims { get; }
    /// <summary>
    /// The rows of the needs table this evaluation did not judge, by framework and code: codes this framework does not
    /// define (each listed), and rows recorded for other frameworks (one entry per framework). Empty when every row
    /// was judged. <see cref="Warnings"/> words them.
    /// </summary>
    public IReadOnlyList<NotJudged> NotJudged { get; }

    /// <summary>
    /// One sentence for the members without a date of birth (<see cref="MembersWithoutBirthDate"/>), then one per entry
    /// of <see cref="NotJudged"/>, for the command line and reports: a code this framework does not define first, then
    /// the rows of other frameworks.
    /// </summary>
    public IEnumerable<string> Warnings() => (MembersWithoutBirthDate == 0 ? [] : new[]
        {
            $"{MembersWithoutBirthDate} family member(s) have no date of birth: they are in no age scope (child, young person, adult), so a need naming no one does not judge them.",
        }).Concat(NotJudged.Select(n => n.NeedCode is null
        ? $"{n.Rows} need row(s) are recorded for framework '{n.Framework}', so {Framework.Id} did not judge them (evaluate them with --framework)."
        : $"{n.Rows} need row(s) have code '{n.NeedCode}', which is not a need of {Framework.Id}: they were not judged and do not count towards eligibility or claims."));

    /// <summary>
    /// Members of the families evaluated whose date of birth is not recorded: they are in no age scope (the ruling on
    /// members without a date of birth), and <see cref="Warnings"/> says how many there are.
    /// </summary>
    public int MembersWithoutBirthDate { get; }

    /// <summary>How many need rows the evaluation made (without reading them).</summary>
    public int NeedCount { get; }
    /// <summary>False when the run kept decisions only (<c>details: false</c>): each need's <see cref="NeedResult.Detail"/> is then empty.</summary>
    public bool HasDetails { get; }

    /// <summary>
    /// One row per need per person in scope, ordered by family, need (in the framework's order) and person; read from the database on first
    /// use (at national scale, 1.5 million rows with about 1 GB of detail JSON).
    /// </summary>
    public IReadOnlyList<NeedResult> Needs
    {
        get
        {
            if (needs.IsValueCreated) return needs.Value;
            ObjectDisposedException.ThrowIf(disposed, this);
            if (connection.State != System.Data.ConnectionState.Open)
                throw new InvalidOperationException("The need rows are read from the evaluation's connection, which has closed: read Needs (or call WriteNeedsCsv) before closing it.");
            return needs.Value;
        }
    }

    /// <summary>
    /// A family's attachment date A and closure date C (null while open), as the loaded <c>families</c> table holds
    /// them; null when the family is not in it. Read from the evaluation's connection, which must still be open.
    /// </summary>
    internal (DateOnly Attached, DateOnly? Closure)? FamilyDates(string familyId)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (connection.State != System.Data.ConnectionState.Open)
            throw new InvalidOperationException("A family's dates are read from the evaluation's connection, which has closed: explain the family before closing it.");
        var found = connection.Rows("SELECT attached_date, closure_date FROM families WHERE family_id = $1",
            r => (r.GetFieldValue<DateOnly>(0), r.IsDBNull(1) ? (DateOnly?)null : r.GetFieldValue<DateOnly>(1)), familyId);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// The temporary table of decisions: <c>sid</c> (subject order), <c>family_id</c>, <c>need_code</c>,
    /// <c>person_id</c>, <c>status</c>, <c>reason</c>, <c>reliable_improvement</c>. An identifier made by the
    /// library, safe to use in SQL text.
    /// </summary>
    public string NeedResultsTable { get; }
    /// <summary>The temporary view of details: <c>sid</c> and <c>detail</c> (JSON text), computed when read.</summary>
    public string NeedDetailsView { get; }
    /// <summary>The temporary table of every rule node's result: <c>sid</c>, <c>node_id</c>, <c>status</c>, <c>reason</c>, <c>detail</c>.</summary>
    internal string NodeResultsTable { get; }
    private string LayoutTable { get; }
    /// <summary>The prefix of this run's tables (<see cref="FrameworkCompiler.ResultsPrefix"/>).</summary>
    internal string ResultsPrefix { get; }

    /// <summary>
    /// Writes the need rows as CSV (the contract's columns, byte for byte as <see cref="EvaluationCsv.WriteNeeds"/>
    /// writes them), without reading them into .NET objects: see <see cref="WriteNeedsCsv(TextWriter, bool)"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="raw">Write text exactly as it is, without <see cref="CsvCells"/>' protection from formulas (for programs, not people).</param>
    /// <exception cref="InvalidOperationException">The evaluation kept decisions only: the file's detail column would be empty.</exception>
    public void WriteNeedsCsv(string path, bool raw = false) => WriteNeedsCsv(path, RowsPerPart, raw);

    /// <summary>
    /// Writes the need rows as CSV to <paramref name="writer"/> (standard output, say). The rows are read part by part
    /// (<see cref="ForEachRow"/>), and each value's text goes from DuckDB's memory to CsvHelper's UTF-8 writer as it
    /// stands, with the same options as <see cref="EvaluationCsv.WriteNeeds"/>: no .NET string is made of any value, and
    /// at most two parts are held at a time. This beats DuckDB's own CSV writer, which writes a sorted result on one
    /// thread (figures in docs/performance.md).
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="raw">Write text exactly as it is, without <see cref="CsvCells"/>' protection from formulas.</param>
    /// <exception cref="InvalidOperationException">The evaluation kept decisions only.</exception>
    public void WriteNeedsCsv(TextWriter writer, bool raw = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckWritable();
        using var csv = CsvHelper.CsvWriter.Create(writer, CsvCells.Options(raw), leaveOpen: true);
        WriteParts(csv, RowsPerPart);
        csv.Flush();
        writer.Flush();
    }

    /// <summary>
    /// Rows read in one part (<see cref="ForEachRow"/>): a part's decisions and details, about 180 MB of text at
    /// national scale, are held in DuckDB's memory until taken.
    /// </summary>
    internal const int RowsPerPart = 200_000;

    internal void WriteNeedsCsv(string path, int rowsPerPart, bool raw = false)
    {
        CheckWritable();
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
        using var csv = CsvHelper.CsvWriter.Create(output, CsvCells.Options(raw), leaveOpen: true);
        WriteParts(csv, rowsPerPart);
        csv.Flush();
    }

    private void CheckWritable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!HasDetails)
            throw new InvalidOperationException("This evaluation kept decisions only (details: false), but the needs file has a detail column: run the evaluation with details to write it.");
    }

    /// <summary>Writes the header and then every row, part by part (<see cref="ForEachRow"/>).</summary>
    private void WriteParts(CsvHelper.CsvWriter csv, int rowsPerPart)
    {
        csv.WriteHeader([.. EvaluationCsv.NeedColumns.Select(c => c.Name)]);
        ForEachRow(rowsPerPart, (part, row) =>
        {
            for (var field = 0; field < EvaluationCsv.NeedColumns.Count; field++)
                csv.WriteField(field == DetailField ? (part.IsNull(row, DetailColumn) ? "{}"u8 : part.Text(row, DetailColumn)) : part.Text(row, DecisionColumn(field)));
            csv.EndRecord();
        });
    }

    private NeedResult[] ReadNeeds()
    {
        var needs = new NeedResult[NeedCount];
        var n = 0;
        var columns = NeedRecordColumns;
        ForEachRow(RowsPerPart, (part, row) =>
        {
            string? Text(int k) => part.IsNull(row, columns[k]) ? null : System.Text.Encoding.UTF8.GetString(part.Text(row, columns[k]));
            var reliable = Text(5);
            needs[n++] = new NeedResult(Text(0)!, Text(1) ?? "", Text(2), Text(3) ?? "", Text(4) ?? "",
                part.IsNull(row, DetailColumn) ? "" : System.Text.Encoding.UTF8.GetString(part.Text(row, DetailColumn)),
                reliable is null ? null : reliable == "true");
        });
        return n == needs.Length ? needs : throw new InvalidOperationException($"The evaluation has {NeedCount} need rows but {n} were read.");
    }

    /// <summary>The place of the detail among the contract's columns.</summary>
    private static readonly int DetailField = EvaluationCsv.NeedColumns.ToList().FindIndex(c => c.Name == "detail");

    /// <summary>
    /// The column of a part holding a contract column (by its place): the contract's columns but the detail, in their
    /// order, then the detail last.
    /// </summary>
    private static int DecisionColumn(int field) => field < DetailField ? field : field - 1;

    private static int DecisionColumn(string name) => DecisionColumn(EvaluationCsv.NeedColumns.ToList().FindIndex(c => c.Name == name));

    /// <summary>The column of a part holding the detail: after the decision's.</summary>
    private static readonly int DetailColumn = EvaluationCsv.NeedColumns.Count - 1;

    // After DetailField: static fields are initialised in the order written.
    /// <summary>The columns of a part that a <see cref="NeedResult"/> takes, in its order (the detail apart).</summary>
    private static readonly int[] NeedRecordColumns = [.. new[] { "family_id", "need_code", "person_id", "status", "reason", "reliable_improvement" }.Select(DecisionColumn)];

    /// <summary>One need row of a part (<paramref name="row"/>, in subject order): its columns are read from <paramref name="part"/>.</summary>
    private delegate void RowReader(TextPart part, int row);

    /// <summary>
    /// Hands every need row to <paramref name="take"/> in subject order, in parts of about <paramref name="rowsPerPart"/>
    /// rows. Each part is two queries, its decisions and its details, whose text is copied as UTF-8 bytes (DuckDB's own,
    /// read through a BLOB's stream, so no .NET string is made) into one <see cref="TextPart"/> and put in subject order
    /// here, which is cheaper than joining and sorting the detail text in DuckDB. While one part is taken,
    /// the next is read on another thread; the connection is only ever used by one thread at a time.
    /// </summary>
    private void ForEachRow(int rowsPerPart, RowReader take)
    {
        var parts = Math.Max(1, (NeedCount + rowsPerPart - 1) / rowsPerPart);
        // Cut points between parts: subject numbers at even quantiles (each subject falls in exactly one part).
        var fractions = string.Join(", ", Enumerable.Range(1, parts - 1).Select(k => ((double)k / parts).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var cuts = parts == 1 ? [] : connection.Rows($"SELECT unnest(quantile_disc(sid, [{fractions}])) FROM {NeedResultsTable}", r => r.GetInt64(0));
        const string Range = "sid >= $1 AND (sid < $2 OR $3)";
        var decisionColumns = EvaluationCsv.NeedColumns.Where(c => c.Name != "detail")
            .Select(c => c.Name == "reliable_improvement" ? "CAST(reliable_improvement AS VARCHAR)" : c.Name).ToList();
        var decisions = $"SELECT sid, {TextPart.Packed(decisionColumns)} FROM {NeedResultsTable} WHERE {Range}";
        var details = $"SELECT sid, encode(detail) FROM {NeedDetailsView} WHERE {Range}";
        TextPart Read(int k)
        {
            object[] range = [k == 0 ? long.MinValue : cuts[k - 1], k == parts - 1 ? long.MaxValue : cuts[k], k == parts - 1];
            var part = new TextPart(EvaluationCsv.NeedColumns.Count);
            try
            {
                using (var reader = connection.Reader(decisions, range)) part.ReadRows(reader, decisionColumns.Count);
                using (var reader = connection.Reader(details, range)) part.ReadColumn(reader, DetailColumn);
                return part;
            }
            catch
            {
                part.Dispose();
                throw;
            }
        }
        var next = Task.Run(() => Read(0));
        try
        {
            for (var k = 0; k < parts; k++)
            {
                using var part = next.GetAwaiter().GetResult();
                if (k + 1 < parts)
                {
                    var following = k + 1;
                    next = Task.Run(() => Read(following));
                }
                for (var i = 0; i < part.RowCount; i++) take(part, i);
            }
        }
        catch
        {
            // A part still being read when taking one failed is waited for: the connection is then idle again.
            try
            {
                next.GetAwaiter().GetResult().Dispose();
            }
            catch (Exception)
            {
                // Reading it failed as well; the first error is the one to report.
            }
            throw;
        }
    }

    /// <summary>Drops this evaluation's tables (when the connection is still open); <see cref="Claims"/> stay readable.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        // A closed connection has dropped its temporary tables already.
        if (connection.State != System.Data.ConnectionState.Open) return;
        connection.Execute($"DROP VIEW IF EXISTS {NeedDetailsView}");
        foreach (var table in new[] { NeedResultsTable, LayoutTable, NodeResultsTable, FrameworkCompiler.FrameworkNeedsOf(ResultsPrefix) })
            connection.Execute($"DROP TABLE IF EXISTS {table}");
    }
}

/// <summary>Runs a compiled framework on a DuckDB connection and reads the decisions back as typed results.</summary>
public static class Evaluator
{
    private static long runs;

    /// <summary>Evaluates <paramref name="framework"/> at <paramref name="asAt"/> with the given parameter values.</summary>
    /// <param name="connection">A connection to a database loaded by <see cref="Loading.DataLoader"/>.</param>
    /// <param name="framework">The framework.</param>
    /// <param name="parameters">Its parameter values (<see cref="Framework.Bind"/>).</param>
    /// <param name="asAt">The evaluation date T.</param>
    /// <param name="onStatement">Called after each statement with the time it took (for profiling).</param>
    /// <param name="onlyFamily">When given, only this family is evaluated: the same decisions as a whole run, for one family, in a fraction of the time.</param>
    /// <param name="details">
    /// False to keep decisions only (statuses, reasons, reliable change, claims) without the detail JSON: the same
    /// decisions, about a quarter faster at national scale, for claims and counts that never read details.
    /// </param>
    /// <param name="onlyNeeds">
    /// When given, only the needs with these codes are decided (<see cref="FrameworkCompiler.OnlyNeeds"/>): each the same
    /// as in a whole run, and the claims count only them. Given every code the needs table holds, the same decisions
    /// and claims as a whole run, with fewer statements. A code the framework does not define is refused.
    /// </param>
    /// <returns>The evaluation: the claims read, the need rows kept in the database until read (see <see cref="EvaluationRun"/>).</returns>
    public static EvaluationRun Run(DuckDBConnection connection, Framework framework, ParameterSet parameters, DateOnly asAt,
        Action<CompiledStatement, TimeSpan>? onStatement = null, string? onlyFamily = null, bool details = true, IReadOnlyCollection<string>? onlyNeeds = null) =>
        Run(connection, framework, parameters, asAt, "needs", onStatement, onlyFamily, details, onlyNeeds);

    /// <summary>
    /// Evaluates <paramref name="framework"/> on the needs in <paramref name="needsTable"/> (a table or view with the
    /// needs table's columns, made by the library, such as needs translated through a crosswalk) instead of <c>needs</c>.
    /// </summary>
    public static EvaluationRun Run(DuckDBConnection connection, Framework framework, ParameterSet parameters, DateOnly asAt, string needsTable,
        Action<CompiledStatement, TimeSpan>? onStatement = null, string? onlyFamily = null, bool details = true, IReadOnlyCollection<string>? onlyNeeds = null)
    {
        var prefix = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ev_run{Interlocked.Increment(ref runs)}_");
        var compiler = new FrameworkCompiler(framework, parameters, asAt) { OnlyFamily = onlyFamily, ResultsPrefix = prefix, Details = details, NeedsTable = needsTable, OnlyNeeds = onlyNeeds };
        foreach (var statement in compiler.Compile())
            Timed(statement, onStatement, () => statement.Run(connection));
        var claimSql = ClaimsSql(framework, parameters, prefix);
        IReadOnlyList<FamilyClaim> claims = [];
        Timed(ClaimStatement(framework, claimSql), onStatement, () => claims = ReadClaims(connection, claimSql));
        var notJudgedSql = NotJudgedSql(framework, onlyFamily, compiler.NeedsTable);
        IReadOnlyList<NotJudged> notJudged = [];
        Timed(new CompiledStatement($"{framework.Id}: need rows not judged (codes it does not define, other frameworks).", notJudgedSql.ToString(), notJudgedSql.Parameters), onStatement,
            () => notJudged = connection.Rows(notJudgedSql.ToString(), r => new NotJudged(r.GetString(0), r.Field<string>(1), r.GetInt32(2)), [.. notJudgedSql.Parameters]));
        var undated = 0;
        Timed(new CompiledStatement($"{framework.Id}: family members without a date of birth.", MembersWithoutBirthDateSql, []), onStatement,
            () => undated = checked((int)connection.Scalar<long>(MembersWithoutBirthDateSql)));
        return new EvaluationRun(connection, prefix, framework, parameters, asAt, claims, details, notJudged, undated);
    }

    /// <summary>
    /// The codes of <paramref name="framework"/>'s needs that <paramref name="needsTable"/> holds rows of for it, in the
    /// framework's order, for <c>onlyNeeds</c>: a run deciding only these gives the same decisions and claims as a whole
    /// run, without compiling the needs no one has. Null when the table holds none (a whole run then decides nothing either).
    /// </summary>
    internal static IReadOnlyList<string>? NeedsIdentified(DuckDBConnection connection, Framework framework, string needsTable = "needs")
    {
        var held = connection.Rows($"SELECT DISTINCT need_code FROM {needsTable} WHERE coalesce(framework, $1) = $1", r => r.GetString(0), framework.Id)
            .ToHashSet(StringComparer.Ordinal);
        var codes = framework.Needs.Select(n => n.Code).Where(held.Contains).ToList();
        return codes.Count == 0 ? null : codes;
    }

    /// <summary>Members of the evaluated families (<c>ev_families</c>) with no date of birth.</summary>
    private const string MembersWithoutBirthDateSql =
        "SELECT count(DISTINCT m.person_id) FROM family_members m JOIN ev_families f ON f.family_id = m.family_id JOIN people p ON p.person_id = m.person_id WHERE p.date_of_birth IS NULL";

    /// <summary>
    /// The needs rows the subjects leave out: this framework's rows whose code it does not define (by code), and other
    /// frameworks' rows (by framework); for one family, only its rows.
    /// </summary>
    private static SqlText NotJudgedSql(Framework framework, string? onlyFamily, string needsTable)
    {
        var sql = new SqlText();
        var fw = sql.P(framework.Id);
        var codes = sql.P(string.Join(",", framework.Needs.Select(n => n.Code)));
        var family = onlyFamily is null ? "" : $" AND family_id = {sql.P(onlyFamily)}";
        sql.Append($"""
            SELECT fw, code, CAST(count(*) AS INTEGER) AS n FROM (
              SELECT coalesce(framework, {fw}) AS fw, CASE WHEN coalesce(framework, {fw}) = {fw} THEN need_code END AS code
              FROM {needsTable}
              WHERE (coalesce(framework, {fw}) <> {fw} OR NOT list_contains(string_split({codes}, ','), need_code)){family})
            GROUP BY fw, code ORDER BY fw <> {fw}, fw, code
            """);
        return sql;
    }

    /// <summary>The claims as records, read from the typed columns (300,000 at national scale).</summary>
    private static List<FamilyClaim> ReadClaims(DuckDBConnection connection, SqlText sql) =>
        connection.Rows(sql.ToString(), r => new FamilyClaim(r.GetString(0), r.Field<string>(1) ?? "", r.GetInt32(2), r.GetInt32(3),
            r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4), r.Field<string>(5) ?? ""), [.. sql.Parameters]);

    private static void Timed(CompiledStatement statement, Action<CompiledStatement, TimeSpan>? onStatement, Action run)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            run();
        }
        catch (DuckDBException e)
        {
            throw new DatabaseException($"{e.Message}\nIn the statement for {statement.Comment.Split('\n')[0]}", e);
        }
        onStatement?.Invoke(statement, clock.Elapsed);
    }

    /// <summary>
    /// The statement that decides each family's claim from the needs' results (whether it is eligible, met, claimable…),
    /// as <c>outcomes sql</c> shows it after the statements of <paramref name="compiler"/>, whose tables it reads.
    /// </summary>
    public static CompiledStatement ClaimStatement(FrameworkCompiler compiler)
    {
        ArgumentNullException.ThrowIfNull(compiler);
        return ClaimStatement(compiler.Framework, ClaimsSql(compiler.Framework, compiler.Parameters, compiler.ResultsPrefix));
    }

    private static CompiledStatement ClaimStatement(Framework framework, SqlText claimSql) =>
        new($"{framework.Id}: family claims, read into .NET.", claimSql.ToString(), claimSql.Parameters);

    internal static SqlText ClaimsSql(Framework framework, ParameterSet parameters, string prefix)
    {
        var sql = new SqlText();
        var facts = ClaimFacts(sql, framework, parameters, prefix, "ev_families");
        var (minNeeds, count, fw) = (facts.MinNeeds, facts.Count, facts.Framework);
        sql.Append($"""
            WITH {facts.Ctes}
            SELECT family_id,
              CASE WHEN claimed THEN 'already_claimed'
                   WHEN eligible_count < {minNeeds} OR missing_prerequisite IS NOT NULL THEN 'not_eligible'
                   WHEN c IS NULL THEN 'open'
                   WHEN t < due THEN 'pending'
                   WHEN alternative_met THEN 'claimable'
                   WHEN pending > 0 THEN 'pending'
                   WHEN not_met > 0 THEN 'not_met'
                   WHEN insufficient > 0 THEN 'insufficient_data'
                   ELSE 'claimable' END AS status,
              CAST(needs_identified AS INTEGER) AS needs_identified, CAST(needs_met AS INTEGER) AS needs_met, due AS claim_due_date,
              CASE WHEN claimed THEN 'A claim has already been made for this family under ' || claimed_under || '.'
                   WHEN eligible_count < {minNeeds} THEN 'Only ' || eligible_count || ' ' || {count} || ' identified; at least ' || {minNeeds} || ' are needed.'
                   WHEN missing_prerequisite IS NOT NULL THEN 'Not eligible: recorded as not in place: ' || missing_prerequisite || '.'
                   WHEN c IS NULL THEN 'Support is still open.'
                   WHEN t < due THEN 'The claim falls due on ' || strftime(due, '%Y-%m-%d') || ', after the evaluation date.'
                   WHEN alternative_met THEN 'A family member met an outcome that makes the claim on its own (such as continuous employment), whatever the other needs.'
                   WHEN pending > 0 THEN pending || ' need(s) are still pending.'
                   WHEN not_met > 0 THEN not_met || ' of ' || needs_identified || ' needs were not met.'
                   WHEN insufficient > 0 THEN insufficient || ' need(s) lack the data to decide.'
                   ELSE 'All ' || needs_identified || ' needs were met.' END AS reason
            FROM judged ORDER BY family_id
            """);
        return sql;
    }
    /// <summary>
    /// The frameworks whose claims are claims of <paramref name="framework"/>: itself, the frameworks it extends, and every
    /// built-in framework extending the same one (phase 3 and its restatement phase3-sfop share their claims, whichever id
    /// a claim row carries). A claim under another framework also counts for a family whose needs are recorded under
    /// that framework (see <see cref="ClaimFacts"/>): the claim was made for that episode, whichever framework now judges it.
    /// </summary>
    internal static IReadOnlyList<string> ClaimsCountedFrom(Framework framework)
    {
        static string Root(Framework f) => f.Lineage.Count > 0 ? f.Lineage[^1] : f.Id;
        var root = Root(framework);
        return [.. new[] { framework.Id }.Concat(framework.Lineage)
            .Concat(FrameworkLoader.BuiltInFrameworks.Where(f => Root(f) == root).Select(f => f.Id)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The placeholders of <see cref="ClaimFacts"/>'s values that a statement built on it reads again.</summary>
    internal sealed record ClaimFactsSql(string Ctes, string MinNeeds, string Count, string Framework);

    /// <summary>
    /// The common table expressions a family's claim is decided from, for <see cref="ClaimsSql"/> and for anything that
    /// must read a claim the same way (the cohorts' nearly-there list): <c>need_status</c> (each family's status per
    /// need, its people combined like all_of, with the need's headline), <c>counts</c>, <c>claimed</c>, <c>fam</c> and
    /// <c>judged</c> (one row per family: closure <c>c</c>, evaluation date <c>t</c>, <c>due</c>, the needs identified, met,
    /// not met, pending and lacking data, <c>missing_prerequisite</c> (each prerequisite recorded as false, by name) and
    /// <c>prerequisites_missing</c> (how many),
    /// <c>claimed</c> (a claim dated after <c>t</c> is not made yet; one under a framework of <see cref="ClaimsCountedFrom"/>, or the one the family's needs are recorded under) and <c>claimed_under</c> (the earliest such claim's framework), <c>eligible_count</c> and <c>eligible</c> (by that count alone)). <paramref name="families"/> is a table or subquery with
    /// <c>family_id</c>, <c>c</c> and <c>t</c>. <paramref name="prefix"/> is the run's <see cref="FrameworkCompiler.ResultsPrefix"/>:
    /// its need results, node results and needs (with their headlines) are read.
    /// </summary>
    internal static ClaimFactsSql ClaimFacts(SqlText sql, Framework framework, ParameterSet parameters, string prefix, string families)
    {
        var (needResults, nodeResults, frameworkNeeds) = (prefix + "need_results", prefix + "results", FrameworkCompiler.FrameworkNeedsOf(prefix));
        var minNeeds = sql.P(Convert.ToInt32(framework.Eligibility.MinNeeds.Resolve(parameters), System.Globalization.CultureInfo.InvariantCulture));
        var count = sql.P((string)framework.Eligibility.Count.Resolve(parameters));
        var dueMonths = sql.P(Convert.ToInt32(framework.ClaimDueMonths.Resolve(parameters), System.Globalization.CultureInfo.InvariantCulture));
        var fw = sql.P(framework.Id);
        var restating = sql.P(string.Join(",", ClaimsCountedFrom(framework)));
        var prerequisites = framework.Eligibility.Prerequisites;
        var missingPrerequisite = prerequisites.Count == 0 ? "CAST(NULL AS VARCHAR)"
            // Every prerequisite recorded as false, by name; an empty cell is not a false one.
            : "nullif(concat_ws(', ', " + string.Join(", ", prerequisites.Select(p => $"CASE WHEN f.{p} = false THEN {sql.P(p.Replace('_', ' '))} END")) + "), '')";
        var prerequisitesMissing = prerequisites.Count == 0 ? "0" : string.Join(" + ", prerequisites.Select(p => $"CAST(coalesce(f.{p} = false, false) AS INTEGER)"));
        // A framework whose claim also follows from one rule node met (the phase 2 plans' continuous employment) reads
        // that node's results, kept beside the need results of the same run.
        var alternative = framework.ClaimOrMet.Count == 0 ? ""
            : $"""
            alternative AS (
              SELECT DISTINCT n.family_id FROM {nodeResults} r JOIN {needResults} n ON n.sid = r.sid
              WHERE r.status = 'met' AND r.node_id IN ({string.Join(", ", framework.ClaimOrMet.Select(id => sql.P(id)))})),
            """;
        var alternativeMet = alternative == "" ? "false" : "a.family_id IS NOT NULL";
        var alternativeJoin = alternative == "" ? "" : " LEFT JOIN alternative a ON a.family_id = f.family_id";
        var ctes = $"""
            need_status AS (
              SELECT r.family_id, r.need_code, h.headline,
                {RuleCombination.AllOf("r.status")} AS status
              FROM {needResults} r JOIN {frameworkNeeds} h ON h.need_code = r.need_code
              GROUP BY ALL),
            counts AS (
              SELECT family_id, count(*) AS needs_identified, count(DISTINCT headline) AS headlines,
                count(*) FILTER (WHERE status = 'met') AS needs_met,
                count(*) FILTER (WHERE status = 'not_met') AS not_met,
                count(*) FILTER (WHERE status = 'pending') AS pending,
                count(*) FILTER (WHERE status = 'insufficient_data') AS insufficient
              FROM need_status GROUP BY family_id),
            claimed AS (
              SELECT cl.family_id, min(cl.claim_date) AS first_claim, arg_min(coalesce(cl.framework, {fw}), cl.claim_date) AS claimed_under
              FROM claims cl
              WHERE list_contains(string_split({restating}, ','), coalesce(cl.framework, {fw}))
                OR EXISTS (SELECT 1 FROM needs rn WHERE rn.family_id = cl.family_id AND coalesce(rn.framework, {fw}) = coalesce(cl.framework, {fw}))
              GROUP BY cl.family_id),
            {alternative}
            fam AS (
              SELECT f.family_id, e.c, e.t, CAST(e.c + to_months({dueMonths}) AS DATE) AS due,
                coalesce(n.needs_identified, 0) AS needs_identified, coalesce(n.headlines, 0) AS headlines, coalesce(n.needs_met, 0) AS needs_met,
                coalesce(n.not_met, 0) AS not_met, coalesce(n.pending, 0) AS pending, coalesce(n.insufficient, 0) AS insufficient,
                {missingPrerequisite} AS missing_prerequisite, {prerequisitesMissing} AS prerequisites_missing,
                x.family_id IS NOT NULL AS claimed, x.claimed_under, {alternativeMet} AS alternative_met
              FROM families f JOIN {families} e ON e.family_id = f.family_id LEFT JOIN counts n ON n.family_id = f.family_id
                LEFT JOIN claimed x ON x.family_id = f.family_id AND x.first_claim <= e.t{alternativeJoin}),
            counted AS (
              SELECT *, CASE WHEN {count} = 'headlines' THEN headlines ELSE needs_identified END AS eligible_count FROM fam),
            judged AS (
              -- every value is used in the text, whatever a statement built on it reads (DuckDB numbers only the placeholders it finds)
              SELECT *, eligible_count >= {minNeeds} AS eligible FROM counted)
            """;
        return new ClaimFactsSql(ctes, minNeeds, count, fw);
    }
}
