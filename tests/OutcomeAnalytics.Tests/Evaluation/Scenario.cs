using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Instruments;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// A hand-built extract: a few rows per table, put in an in-memory database (inserted into the dictionary's tables, or
/// loaded from contract CSVs after <see cref="ThroughTheLoader"/>) and evaluated for the needs it identifies.
/// </summary>
internal sealed class Scenario
{
    /// <summary>
    /// The dictionary's tables and the instrument reference tables, created once per test run in one in-memory
    /// database, empty of contract rows. Each scenario inserts its rows on a connection of its own inside a transaction
    /// that is never committed: scenarios running side by side see only their own rows, and closing the connection
    /// discards them.
    /// </summary>
    private static readonly Lazy<DuckDB.NET.Data.DuckDBConnection> Tables = new(() =>
    {
        var connection = Database.Open();
        Schema.Ensure(connection, DataDictionary.Default);
        InstrumentCatalog.Default.Store(connection);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => connection.Dispose();
        return connection;
    });

    private readonly Dictionary<string, (string Header, List<string> Rows)> _tables = new()
    {
        ["families"] = ("family_id,attached_date,closure_date,closure_reason,lead_practitioner,whole_family_assessment,family_plan,locality", []),
        ["people"] = ("person_id,date_of_birth", []),
        ["family_members"] = ("family_id,person_id,role", []),
        ["needs"] = ("family_id,need_code,person_id,basis,framework,identified_date", []),
        ["attendance"] = ("person_id,academic_year,term,possible_sessions,attended_sessions,authorised_absence,unauthorised_absence", []),
        ["exclusions"] = ("person_id,start_date,category,days_lost", []),
        ["incidents"] = ("incident_id,person_id,incident_date,incident_type,severe", []),
        ["referrals"] = ("referral_id,person_id,family_id,referral_date,service", []),
        ["plans"] = ("plan_id,person_id,plan_type,start_date,end_date,end_reason", []),
        ["assessments"] = ("assessment_id,person_id,instrument,informant,assessment_date,scale,score", []),
        ["evidence"] = ("evidence_id,family_id,person_id,need_code,evidence_type,result,evidence_date,verified", []),
        ["employment"] = ("person_id,status,start_date,end_date,benefit", []),
        ["eet_status"] = ("person_id,status_date,status", []),
        ["claims"] = ("family_id,claim_date,framework", []),
        ["term_dates"] = ("academic_year,term,start_date,end_date", []),
    };
    private int _ids;
    private bool _throughTheLoader;

    private Scenario Add(string table, string row)
    {
        _tables[table].Rows.Add(row);
        return this;
    }

    private string NextId(string prefix) => prefix + (++_ids).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Scenario Family(string id, string attached, string? closed = null, string prerequisites = ",,", string? locality = null) =>
        Add("families", $"{id},{attached},{closed},{(closed is null ? "" : "outcomes_achieved")},{prerequisites},{locality}");

    public Scenario Person(string family, string id, string born, string role = "child") =>
        Add("people", $"{id},{born}").Add("family_members", $"{family},{id},{role}");

    public Scenario Need(string family, string code, string? person = null, string? basis = null, string? framework = null, string? identified = null) =>
        Add("needs", $"{family},{code},{person},{basis},{framework},{identified}");

    public Scenario Attendance(string person, string year, string term, int possible, int attended, int authorised = -1)
    {
        var absent = possible - attended;
        var auth = authorised >= 0 ? authorised : absent / 2;
        return Add("attendance", $"{person},{year},{term},{possible},{attended},{auth},{absent - auth}");
    }

    /// <summary>Replaces the pupil's row for a term.</summary>
    public Scenario Replace(string person, string year, string term, int possible, int attended)
    {
        _tables["attendance"].Rows.RemoveAll(r => r.StartsWith($"{person},{year},{term},", StringComparison.Ordinal));
        return Attendance(person, year, term, possible, attended);
    }

    /// <summary>Replaces every employment spell of the person with one spell.</summary>
    public Scenario ReplaceEmployment(string person, string status, string start, string? end = null)
    {
        _tables["employment"].Rows.RemoveAll(r => r.StartsWith(person + ",", StringComparison.Ordinal));
        return Employment(person, status, start, end);
    }

    public Scenario Exclusion(string person, string start, string category, decimal days) =>
        Add("exclusions", FormattableString.Invariant($"{person},{start},{category},{days}"));

    public Scenario Incident(string person, string date, string type, bool severe = false) =>
        Add("incidents", $"{NextId("I")},{person},{date},{type},{(severe ? "true" : "")}");

    public Scenario Referral(string? person, string? family, string date, string service) =>
        Add("referrals", $"{NextId("R")},{person},{family},{date},{service}");

    public Scenario Plan(string person, string type, string start, string? end = null, string? reason = null) =>
        Add("plans", $"{NextId("PL")},{person},{type},{start},{end},{reason}");

    public Scenario Assessment(string person, string instrument, string date, decimal score, string informant = "self") =>
        Add("assessments", FormattableString.Invariant($"{NextId("A")},{person},{instrument},{informant},{date},total,{score}"));

    /// <summary>An evidence row; <paramref name="verified"/> null leaves the verified cell empty (not recorded).</summary>
    public Scenario Evidence(string family, string code, string date, string? person = null, string result = "met", bool? verified = null, string type = "practitioner_assessment") =>
        Add("evidence", $"{NextId("E")},{family},{person},{code},{type},{result},{date},{verified switch { true => "true", false => "false", null => "" }}");

    public Scenario Employment(string person, string status, string start, string? end = null, string? benefit = null) =>
        Add("employment", $"{person},{status},{start},{end},{benefit}");

    public Scenario Eet(string person, string date, string status) => Add("eet_status", $"{person},{date},{status}");

    public Scenario Claim(string family, string date, string framework = "phase3") => Add("claims", $"{family},{date},{framework}");

    /// <summary>A term of a loaded calendar (with any, the default calendar is not used).</summary>
    public Scenario Term(string year, string term, string start, string end) => Add("term_dates", $"{year},{term},{start},{end}");

    /// <summary>
    /// Makes <see cref="Evaluate(string, string[])"/> and the others write the rows as contract CSVs and load them with
    /// the <see cref="DataLoader"/> (which must reject none), as a council's extract is, rather than insert them.
    /// </summary>
    public Scenario ThroughTheLoader()
    {
        _throughTheLoader = true;
        return this;
    }

    /// <summary>Puts the rows in memory and evaluates phase 3 at <paramref name="asAt"/>.</summary>
    public OutcomeAnalytics.Evaluation.EvaluationRun Evaluate(string asAt, params string[] parameters) => Evaluate(FrameworkLoader.Get("phase3"), asAt, parameters);

    /// <summary>Puts the rows in memory and evaluates <paramref name="framework"/> at <paramref name="asAt"/>.</summary>
    public OutcomeAnalytics.Evaluation.EvaluationRun Evaluate(Framework framework, string asAt, params string[] parameters) =>
        // The need rows are read while the in-memory database is still open; the tests use them after it closes.
        WithEvaluation(framework, asAt, parameters, evaluation => { _ = evaluation.Needs; return evaluation; });

    /// <summary>What <c>outcomes explain</c> prints for <paramref name="family"/> under phase 3 at <paramref name="asAt"/>.</summary>
    public string Explain(string family, string asAt) => WithEvaluation(FrameworkLoader.Get("phase3"), asAt, [], e => Explainer.Explain(e, family));

    /// <summary>Puts the rows in memory, evaluates phase 3 at <paramref name="asAt"/> and hands the open connection and the evaluation to <paramref name="use"/>.</summary>
    public T Explore<T>(string asAt, Func<DuckDB.NET.Data.DuckDBConnection, OutcomeAnalytics.Evaluation.EvaluationRun, T> use, params string[] parameters)
        => WithEvaluation(FrameworkLoader.Get("phase3"), asAt, parameters, use);

    /// <summary>
    /// A connection to an in-memory database holding the scenario's rows, in the tables the data dictionary defines:
    /// inserted directly, uncommitted, into the tables shared by every scenario (<see cref="Tables"/>); or, after
    /// <see cref="ThroughTheLoader"/>, loaded into a database of its own.
    /// </summary>
    public DuckDB.NET.Data.DuckDBConnection Open()
    {
        var connection = _throughTheLoader ? Database.Open() : Database.OpenAnother(Tables.Value);
        try
        {
            if (_throughTheLoader) Load(connection);
            else Insert(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private T WithEvaluation<T>(Framework framework, string asAt, string[] parameters, Func<OutcomeAnalytics.Evaluation.EvaluationRun, T> use) =>
        WithEvaluation(framework, asAt, parameters, (_, evaluation) => use(evaluation));

    private T WithEvaluation<T>(Framework framework, string asAt, string[] parameters, Func<DuckDB.NET.Data.DuckDBConnection, OutcomeAnalytics.Evaluation.EvaluationRun, T> use)
    {
        using var connection = Open();
        // Only the needs the scenario identifies are compiled: the framework's other needs would decide no one.
        return use(connection, Evaluator.Run(connection, framework, framework.Bind(ParameterSet.ParsePairs(parameters)),
            DateOnly.Parse(asAt, System.Globalization.CultureInfo.InvariantCulture), onlyNeeds: Evaluator.NeedsIdentified(connection, framework)));
    }

    /// <summary>
    /// Begins the transaction that keeps the rows to this connection and inserts them as they are written: an empty cell is the column's default
    /// or NULL, and every other value is cast to the column's stored type, so a value the type cannot hold (a code not
    /// in the list, a misspelt date) fails the scenario. The loader's other checks (ranges, references, row rules) are
    /// its own tests' business, and <see cref="ScenarioTests"/> shows both ways give the same tables.
    /// </summary>
    private void Insert(DuckDB.NET.Data.DuckDBConnection connection)
    {
        var dictionary = DataDictionary.Default;
        connection.Execute("BEGIN TRANSACTION");
        foreach (var (table, (header, rows)) in _tables)
        {
            if (rows.Count == 0) continue;
            var written = header.Split(',');
            var columns = dictionary[table].Columns;
            if (written.FirstOrDefault(c => dictionary[table].Column(c) is null) is { } unknown) throw new InvalidOperationException($"{table} has no column {unknown}");
            var values = new List<object?>();
            var tuples = rows.Select(row =>
            {
                var cells = row.Split(',');
                if (cells.Length != written.Length || row.Contains('"', StringComparison.Ordinal))
                    throw new InvalidOperationException($"{table}: '{row}' is not {written.Length} plain cells");
                return "(" + string.Join(", ", columns.Select(column =>
                {
                    var cell = Array.IndexOf(written, column.Name) is var i and >= 0 ? cells[i] : "";
                    values.Add(cell.Length == 0 ? column.Default : cell);
                    return $"${values.Count}";
                })) + ")";
            }).ToList();
            connection.Execute($"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES {string.Join(", ", tuples)}", [.. values]);
        }
    }

    /// <summary>Writes the rows as contract CSVs and loads them, as a council's extract is loaded; no row may be rejected.</summary>
    private void Load(DuckDB.NET.Data.DuckDBConnection connection)
    {
        using var data = TestData.Empty();
        foreach (var (table, (header, rows)) in _tables)
            data.Write(table + ".csv", header + "\n" + string.Join("", rows.Select(r => r + "\n")));
        var load = new DataLoader().Load(connection, data.Folder, new LoadOptions { Clock = new OutcomeAnalytics.Tests.Loading.FixedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) });
        Assert.True(load.Rejects.Count == 0, "the scenario's rows were rejected: " + string.Join("; ", load.Rejects.Select(r => r.Message)));
    }
}

internal static class EvaluationExtensions
{
    public static NeedResult Need(this OutcomeAnalytics.Evaluation.EvaluationRun e, string family, string code, string? person = null) =>
        e.Needs.Single(n => n.FamilyId == family && n.NeedCode == code && n.PersonId == person);

    public static string Status(this OutcomeAnalytics.Evaluation.EvaluationRun e, string family, string code, string? person = null) =>
        e.Need(family, code, person).Status;

    public static FamilyClaim Claim(this OutcomeAnalytics.Evaluation.EvaluationRun e, string family) => e.Claims.Single(c => c.FamilyId == family);

    /// <summary>A need's detail JSON, parsed.</summary>
    public static System.Text.Json.JsonElement DetailJson(this NeedResult need)
    {
        using var detail = System.Text.Json.JsonDocument.Parse(need.Detail);
        return detail.RootElement.Clone();
    }

    /// <summary>Part <paramref name="index"/> (from 0, in the rule's order) of a need decided by all_of or any_of: its status, reason and detail.</summary>
    public static (string Status, string Reason, System.Text.Json.JsonElement Detail) Part(this NeedResult need, int index)
    {
        var part = need.DetailJson().GetProperty("parts")[index];
        return (part.GetProperty("status").GetString()!, part.GetProperty("reason").GetString()!, part.GetProperty("detail"));
    }

    /// <summary>The detail of part <paramref name="part"/> of a need decided by all_of or any_of.</summary>
    public static System.Text.Json.JsonElement PartDetail(this NeedResult need, int part) => need.Part(part).Detail;

    /// <summary>A field of a detail as text: a string's value, or a number's or literal's JSON.</summary>
    public static string Field(this System.Text.Json.JsonElement detail, string key) => detail.GetProperty(key).ToString();
}
