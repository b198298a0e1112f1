using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Instruments;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Model.Measures;
using static OutcomeAnalytics.Model.Measures.JsonText;

namespace OutcomeAnalytics.Evaluation;

/// <summary>
/// Compiles a framework into set-based DuckDB SQL: a short script of statements that decide every need of every
/// family at once (no per-family loops). The script builds, in temporary tables prefixed <c>ev_</c>: the term
/// calendar, each family's windows, the subjects each need is judged for (its scope), one result per measure
/// node (statements group every need that uses the same measure with the same arguments, apart from those a kind
/// takes per node), then the all_of / any_of combinations, level by level, up to each need's decision.
/// </summary>
public sealed partial class FrameworkCompiler(Framework framework, ParameterSet parameters, DateOnly asAt)
{
    /// <summary>The framework compiled.</summary>
    public Framework Framework => framework;

    /// <summary>The parameters the framework is compiled with.</summary>
    public ParameterSet Parameters => parameters;

    /// <summary>When set, only this family is evaluated (an explanation for one family need not decide them all).</summary>
    public string? OnlyFamily { get; init; }

    /// <summary>
    /// When set, only the needs with these codes are compiled and decided: identified rows of the framework's other
    /// needs get no decision, and a family's claim counts only the needs decided. Each need's decisions are exactly
    /// those of a run of the whole framework, so a run given every code the needs table holds decides the same as a
    /// whole run, with fewer statements. The default, null, compiles every need.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A code the framework does not define (when compiling).</exception>
    public IReadOnlyCollection<string>? OnlyNeeds { get; init; }

    /// <summary>
    /// The names of the tables that hold the results (default <c>ev_</c>): <c>{prefix}results</c> (every rule
    /// node), <c>{prefix}layout</c>, <c>{prefix}need_results</c>, the view <c>{prefix}need_details</c>, and the
    /// needs decided (<see cref="FrameworkNeedsTable"/>). The <see cref="Evaluator"/> gives each run its own prefix,
    /// so several evaluations can be read on one connection.
    /// </summary>
    public string ResultsPrefix
    {
        get;
        init => field = PrefixPattern().IsMatch(value) ? value : throw new ArgumentException($"'{value}' is not a table name prefix (lower-case letters, digits and _, ending in _).", nameof(value));
    } = "ev_";

    /// <summary>
    /// The reference table of the needs compiled (<c>{prefix}framework_needs</c>): each need's code, scope, place in
    /// the framework (<c>need_rank</c>) and headline.
    /// </summary>
    public string FrameworkNeedsTable => FrameworkNeedsOf(ResultsPrefix);

    /// <summary>The <see cref="FrameworkNeedsTable"/> of a run with the prefix <paramref name="prefix"/>.</summary>
    internal static string FrameworkNeedsOf(string prefix) => prefix + "framework_needs";

    /// <summary>
    /// When false, the measures write no detail JSON (decisions, reasons and the reliable-change flag only) and the
    /// details view is empty: for claims and cohort counts, which do not read details and so need not build them.
    /// The default is true.
    /// </summary>
    public bool Details { get; init; } = true;

    /// <summary>
    /// The table the identified needs are read from (default <c>needs</c>): a table or view with the needs table's
    /// columns, such as needs recorded under another framework translated through a crosswalk.
    /// </summary>
    public string NeedsTable
    {
        get;
        init => field = TableName().IsMatch(value) ? value : throw new ArgumentException($"'{value}' is not a table name (lower-case letters, digits and _).", nameof(value));
    } = "needs";

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial System.Text.RegularExpressions.Regex TableName();

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9_]*_$")]
    private static partial System.Text.RegularExpressions.Regex PrefixPattern();

    /// <summary>The statements, in order, for the whole framework (or the needs of <see cref="OnlyNeeds"/>) or one need.</summary>
    public IReadOnlyList<CompiledStatement> Compile(string? onlyNeed = null)
    {
        NeedDefinition Need(string code) => framework.Need(code) ?? throw new KeyNotFoundException($"Framework {framework.Id} has no need '{code}'.");
        foreach (var code in OnlyNeeds ?? []) Need(code);
        IReadOnlyList<NeedDefinition> needs = onlyNeed is not null ? [Need(onlyNeed)]
            : OnlyNeeds is null ? framework.Needs
            : [.. framework.Needs.Where(n => OnlyNeeds.Contains(n.Code))];
        var statements = Calendar().Concat(Instruments()).ToList();
        statements.AddRange(
        [
            Families(),
            FamilyTerms(),
            .. Subjects(needs),
            Statement("Create the results table: one row per subject and rule node.",
                "CREATE OR REPLACE TEMP TABLE ev_results (sid BIGINT, node_id VARCHAR, status VARCHAR, reason VARCHAR, detail VARCHAR)"),
        ]);
        statements.AddRange(Measures(needs));
        statements.AddRange(Combinations(needs));
        statements.AddRange(Results(needs));
        return statements;
    }

    private CompiledStatement Statement(string comment, string sql, SqlText? parameters = null) =>
        new($"{framework.Id}: {comment}", sql, parameters?.Parameters ?? []);

    /// <summary>
    /// The term calendar: the extract's term_dates when loaded, else the default calendar of the model
    /// (<see cref="TermCalendar.Default"/>), its terms written as reference rows (<c>ev_default_terms</c>) and
    /// repeated for every academic year from 1990/91 to 2099/00.
    /// </summary>
    private IEnumerable<CompiledStatement> Calendar()
    {
        var terms = TermCalendar.Default.Terms;
        yield return CompiledStatement.Reference(
            $"{framework.Id}: The default term calendar, from models/calendar/default-terms.yaml: each term's place in the academic year (k), its first and last day, and the year offset from the year the academic year starts in.",
            "ev_default_terms", "k INTEGER, term VARCHAR, start_month INTEGER, start_day INTEGER, end_month INTEGER, end_day INTEGER, year_offset INTEGER",
            terms.Select((t, k) => new object?[] { k, t.Term, t.StartMonth, t.StartDay, t.EndMonth, t.EndDay, t.YearOffset }));
        yield return Statement($"The term calendar: term_dates when loaded, else the default calendar ({string.Join("; ", terms.Select(t => $"{t.Term} {t.StartDay}/{t.StartMonth} - {t.EndDay}/{t.EndMonth}"))}).", """
            CREATE OR REPLACE TEMP TABLE ev_calendar AS
            SELECT CAST(left(academic_year, 4) AS INTEGER) * 3 + CASE term WHEN 'autumn' THEN 0 WHEN 'spring' THEN 1 ELSE 2 END AS term_index,
                   academic_year, term, start_date, end_date
            FROM term_dates
            UNION ALL
            SELECT y * 3 + t.k, CAST(y AS VARCHAR) || '/' || lpad(CAST((y + 1) % 100 AS VARCHAR), 2, '0'), t.term,
                   make_date(y + t.year_offset, t.start_month, t.start_day), make_date(y + t.year_offset, t.end_month, t.end_day)
            FROM range(1990, 2100) years(y), ev_default_terms t
            WHERE NOT EXISTS (SELECT 1 FROM term_dates)
            """);
    }

    /// <summary>
    /// The questionnaires' reference data as the model gives it (models/instruments/instruments.yaml), read at each run
    /// so that a corrected value applies without reloading the extracts: per instrument and informant, the direction of
    /// the total scale and its reliable change; and the raw-to-converted tables.
    /// </summary>
    private IEnumerable<CompiledStatement> Instruments()
    {
        var catalog = InstrumentCatalog.Default;
        yield return CompiledStatement.Reference(
            $"{framework.Id}: Instruments: each total scale's direction and reliable change by informant, from models/instruments/instruments.yaml.",
            "ev_instrument_totals", "instrument VARCHAR, informant VARCHAR, better VARCHAR, reliable_change DECIMAL(18,4)",
            from i in catalog.Instruments
            let total = i.Scale("total")
            where total is not null
            from informant in InstrumentCatalog.Informants
            select new object?[] { i.Id, informant, total.Direction, total.ReliableChangeFor(informant) });
        yield return CompiledStatement.Reference(
            $"{framework.Id}: Instruments: the raw-to-converted score tables (SWEMWBS metric scores), from models/instruments/instruments.yaml.",
            "ev_instrument_conversions", "instrument VARCHAR, raw DECIMAL(18,4), converted DECIMAL(18,4)",
            from i in catalog.Instruments from c in i.Conversion select new object?[] { i.Id, c.Key, c.Value });
    }

    private CompiledStatement Families()
    {
        var sql = new SqlText();
        var text = $"CREATE OR REPLACE TEMP TABLE ev_families AS {FamiliesAt(sql, asAt)}"
            + (OnlyFamily is null ? "" : $" WHERE family_id = {sql.P(OnlyFamily)}");
        return Statement("Families with A (attached), C (closure) and T (the evaluation date)" + (OnlyFamily is null ? "." : ": one family only."), text, sql);
    }

    /// <summary>
    /// Every family with A (<c>a</c>), C (<c>c</c>) and T (<c>t</c>) as they stand at <paramref name="asAt"/>: a closure
    /// dated after T has not happened yet, so the family is open at T (the ruling on records after T).
    /// </summary>
    internal static string FamiliesAt(SqlText sql, DateOnly asAt)
    {
        var t = sql.Cast(asAt, "DATE");
        return $"SELECT family_id, attached_date AS a, CASE WHEN closure_date <= {t} THEN closure_date END AS c, {t} AS t FROM families";
    }

    private CompiledStatement FamilyTerms()
    {
        // Rather than joining every family to every term (a calendar from 1990 is over a hundred terms before each
        // attachment), the candidate windows are worked out on the calendar alone and each family picks its own
        // with an as-of join. Baseline: for each term end e, the N most recent terms ending on or before e; a family
        // takes the set of the latest e on or before A. Outcome: among terms ending on or before T, for each term
        // start s, the N most recent terms starting on or after s; a family takes the set of the earliest s on or
        // after A. Each set is exactly what filtering the calendar by the family's own dates would give, for any
        // calendar (term dates need not rise with the term index).
        var sql = new SqlText();
        var outcomeTerms = sql.P(parameters.Int("outcome_terms"));
        var baselineTerms = sql.P(parameters.Int("baseline_terms"));
        var t = sql.P(asAt);
        var text = $"""
            CREATE OR REPLACE TEMP TABLE ev_family_terms AS
            WITH
            baseline_keys AS (SELECT DISTINCT end_date AS key FROM ev_calendar),
            baseline_sets AS (
              SELECT b.key, k.*, row_number() OVER (PARTITION BY b.key ORDER BY k.term_index DESC) AS recency
              FROM baseline_keys b JOIN ev_calendar k ON k.end_date <= b.key
              QUALIFY recency <= {baselineTerms}),
            finished AS (SELECT * FROM ev_calendar WHERE end_date <= CAST({t} AS DATE)),
            outcome_keys AS (SELECT DISTINCT start_date AS key FROM finished),
            outcome_sets AS (
              SELECT o.key, k.*, row_number() OVER (PARTITION BY o.key ORDER BY k.term_index DESC) AS recency
              FROM outcome_keys o JOIN finished k ON k.start_date >= o.key
              QUALIFY recency <= {outcomeTerms})
            SELECT f.family_id, 'outcome' AS window_name, w.term_index, w.academic_year, w.term, w.start_date, w.end_date, w.recency
            FROM ev_families f ASOF JOIN outcome_keys o ON f.a <= o.key JOIN outcome_sets w ON w.key = o.key
            UNION ALL
            SELECT f.family_id, 'baseline' AS window_name, w.term_index, w.academic_year, w.term, w.start_date, w.end_date, w.recency
            FROM ev_families f ASOF JOIN baseline_keys b ON f.a >= b.key JOIN baseline_sets w ON w.key = b.key
            """;
        return Statement("Windows: outcome terms (the most recent complete terms at T starting on or after A) and baseline terms (the most recent complete terms ending on or before A).", text, sql);
    }

    private IEnumerable<CompiledStatement> Subjects(IReadOnlyList<NeedDefinition> needs)
    {
        // One pass over the identified needs (kept as a CTE, with each need's scope from a small map), in three
        // parts: family needs once per family; rows a person decides (the named person, or any row of a need with
        // person scope); and needs naming no one, joined to every member their scope reaches. The needs are read once,
        // for all three parts, rather than stored as a table that a part per scope reads again.
        // Each need's scope; its rank: its place in the framework, so that 2.1 comes before 10.1; and its headline,
        // which the claims count.
        var codeOrder = needs.Select(n => n.Code).Distinct().ToList();
        yield return CompiledStatement.Reference($"{framework.Id}: Needs: each need's scope, its place in the framework (rank) and its headline.",
            FrameworkNeedsTable, "need_code VARCHAR, scope VARCHAR, need_rank INTEGER, headline INTEGER",
            needs.DistinctBy(n => n.Code).Select(n => new object?[] { n.Code, n.Scope.ToString(), codeOrder.IndexOf(n.Code) + 1, n.Headline }));
        var sql = new SqlText();
        var memberScopes = new[] { Scope.Child, Scope.YoungPerson, Scope.Adult, Scope.Pupil }.Where(s => needs.Any(n => n.Scope == s)).ToList();
        var pupils = memberScopes.Contains(Scope.Pupil);
        var parts = new List<string>();
        if (needs.Any(n => n.Scope == Scope.Family))
            parts.Add($"SELECT DISTINCT family_id, need_code, CAST(NULL AS VARCHAR) AS person_id, CAST(NULL AS VARCHAR) AS basis, a, c, t, scope, false AS nobody, 0 AS expanded FROM identified WHERE scope = '{nameof(Scope.Family)}'");
        parts.Add($"SELECT family_id, need_code, person_id, basis, a, c, t, scope, false AS nobody, 0 AS expanded FROM identified WHERE scope = '{nameof(Scope.Person)}' OR (scope <> '{nameof(Scope.Family)}' AND person_id IS NOT NULL)");
        // A need naming no one is judged for each member in its scope; a LEFT JOIN keeps it, as 'nobody', when the
        // scope selects no one. A member the need also names in a row of their own is judged once, by that row (its
        // basis): so the results have one row per family, need and person.
        if (memberScopes.Count > 0)
            parts.Add("SELECT n.family_id, n.need_code, m.person_id, n.basis, n.a, n.c, n.t, n.scope, m.person_id IS NULL AS nobody, 1 AS expanded\n"
                + "  FROM identified n LEFT JOIN reached m ON m.family_id = n.family_id AND m.scope = n.scope\n"
                + $"  WHERE n.scope IN ({string.Join(", ", memberScopes.Select(s => $"'{s}'"))}) AND n.person_id IS NULL\n"
                + "    AND NOT EXISTS (SELECT 1 FROM identified named WHERE named.family_id = n.family_id AND named.need_code = n.need_code AND named.person_id = m.person_id)");
        // The identified needs of this framework, with their families' dates and their scopes.
        var frameworkId = sql.P(framework.Id);
        var with = "WITH identified AS MATERIALIZED (\n"
            + "  SELECT n.family_id, n.need_code, n.person_id, n.basis, f.a, f.c, f.t, s.scope\n"
            + $"  FROM {NeedsTable} n JOIN ev_families f ON f.family_id = n.family_id JOIN {FrameworkNeedsTable} s ON s.need_code = n.need_code\n"
            + $"  WHERE coalesce(n.framework, {frameworkId}) = {frameworkId})";
        // Members with their age at attachment (young: under 18 on A; neither when the date of birth is unknown, so
        // such a member is in no age scope),
        // and the members each scope reaches: the young are children and young people, the rest adults. Pupils are
        // the members with attendance in one of the family's outcome terms, known only once every outcome term has
        // finished: until then nobody is selected (pending).
        if (memberScopes.Count > 0)
            with += $",\nmembers AS (\n  SELECT m.family_id, m.person_id, {AgeSql.YoungAt("p.date_of_birth", "f.a")} AS young\n"
                + "  FROM family_members m JOIN people p ON p.person_id = m.person_id JOIN ev_families f ON f.family_id = m.family_id)"
                + (!pupils ? "" : ",\npupils AS (\n  SELECT DISTINCT m.family_id, m.person_id FROM members m\n"
                    + "  JOIN attendance att ON att.person_id = m.person_id\n"
                    + "  JOIN ev_family_terms ft ON ft.family_id = m.family_id AND ft.window_name = 'outcome' AND ft.academic_year = att.academic_year AND ft.term = att.term\n"
                    + $"  WHERE m.family_id IN (SELECT family_id FROM identified WHERE scope = '{nameof(Scope.Pupil)}' AND person_id IS NULL)\n"
                    + $"    AND m.family_id IN (SELECT family_id FROM ev_family_terms WHERE window_name = 'outcome' GROUP BY family_id HAVING count(*) = {sql.P(parameters.Int("outcome_terms"))}))")
                + ",\nreached AS (\n"
                + $"  SELECT family_id, person_id, unnest(CASE WHEN young THEN ['{nameof(Scope.Child)}', '{nameof(Scope.YoungPerson)}'] WHEN NOT young THEN ['{nameof(Scope.Adult)}'] ELSE [] END) AS scope FROM members"
                + (!pupils ? ")" : $"\n  UNION ALL\n  SELECT family_id, person_id, '{nameof(Scope.Pupil)}' FROM pupils)");
        // Every part names its columns: a UNION takes the names of its first part, which depends on the scopes used.
        // sid orders subjects by family, need and person (no person first): it is built from the family's rank, the
        // need's rank (its place in the framework, so 2.1 comes before 10.1) and the person's rank among all people,
        // each a sort of a small table, rather than a window over every subject. The last bit tells a need naming no
        // one from a named one (each person is reached once, but the person rank of 'nobody' is 0).
        var needSlots = sql.P((long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)codeOrder.Count + 1));
        var sid = $"((f.family_rank * {needSlots} + s.need_rank) * {sql.P(PersonSlots)} + coalesce(r.person_rank, 0)) * 2 + x.expanded";
        var text = $"CREATE OR REPLACE TEMP TABLE ev_subjects AS\n{with}\nSELECT {sid} AS sid, x.* EXCLUDE (expanded) FROM (\n  "
            + string.Join("\n  UNION ALL\n  ", parts) + ") x\n"
            + "JOIN (SELECT family_id, row_number() OVER (ORDER BY family_id) AS family_rank FROM ev_families) f ON f.family_id = x.family_id\n"
            + $"JOIN {FrameworkNeedsTable} s ON s.need_code = x.need_code\n"
            + "LEFT JOIN (SELECT person_id, row_number() OVER (ORDER BY person_id) AS person_rank FROM people) r ON r.person_id = x.person_id";
        yield return Statement("Subjects: the identified needs, and who each is judged for, by its scope (family; the named person; or every child, young person, adult or pupil of the family when none is named). 'nobody' marks a scope that selects no one.", text, sql);
    }

    /// <summary>Room for people's ranks in a subject number (<c>sid</c>): more people than any extract holds.</summary>
    private const long PersonSlots = 1L << 31;

    /// <summary>The columns of <c>ev_measure_nodes</c> before the nodes' own arguments.</summary>
    private static readonly string[] NodeColumns = ["measure INTEGER", "need_code VARCHAR", "node_id VARCHAR"];

    private IEnumerable<CompiledStatement> Measures(IReadOnlyList<NeedDefinition> needs)
    {
        // One statement per measure kind and argument values: every need using it is decided together. Arguments a
        // kind takes per node (such as the instruments that count) do not split the statement: each node's value
        // is a column of the subjects instead. A measure decides by subject (sid), so a need whose rule uses the kind
        // more than once in one group has each further use in a statement of its own (use = its count so far).
        var nodes = needs.SelectMany(n => n.Rule.Walk().OfType<MeasureNode>()
                .Select(m => (Need: n, Node: m, Kind: MeasureKinds.Find(m.Kind)!))
                .GroupBy(x => (x.Node.Kind, Signature(x.Node, x.Kind)))
                .SelectMany(g => g.Select((x, use) => (x.Need, x.Node, x.Kind, Key: (g.Key.Kind, g.Key.Item2, use)))))
            .ToList();
        var groups = nodes.GroupBy(x => x.Key).OrderBy(g => nodes.IndexOf(g.First())).ToList();
        // The nodes each statement decides, numbered by statement (measure), with their needs and the arguments their
        // kinds take per node: one reference table that every statement joins for its own rows. A per-node argument
        // is a column, empty for the nodes of kinds that do not take it.
        var perNode = groups.SelectMany(g => g.First().Kind.Arguments.Where(a => a.PerNode)).DistinctBy(a => a.Name).ToList();
        object? PerNodeValue(MeasureNode node, MeasureKind kind, ArgumentDefinition a) =>
            kind.Arguments.Any(d => d.PerNode && d.Name == a.Name) ? PerNodeColumn(a.Type).Value(node.Arguments[a.Name].Resolve(parameters)) : null;
        yield return CompiledStatement.Reference(
            $"{framework.Id}: Measure nodes: each rule node a measure decides (node_id), its need (need_code) and the statement below that decides it (measure: 1 for the first)"
            + (perNode.Count == 0 ? "" : $"; the arguments a kind takes per node, empty for other kinds: {string.Join(", ", perNode.Select(a => $"{a.Name} ({MeasureSql.NodeArgColumn(a.Name)})"))}") + ".",
            "ev_measure_nodes", string.Join(", ", NodeColumns.Concat(perNode.Select(a => $"{MeasureSql.NodeArgColumn(a.Name)} {PerNodeColumn(a.Type).Type}"))),
            groups.SelectMany((g, i) => g.Select(x => new object?[] { i + 1, x.Need.Code, x.Node.Id }.Concat(perNode.Select(a => PerNodeValue(x.Node, x.Kind, a))).ToArray())));
        foreach (var (group, number) in groups.Select((g, i) => (g, i + 1)))
        {
            var kind = group.First().Kind;
            var own = kind.Arguments.Where(a => a.PerNode).ToList();
            var first = group.First().Node;
            var sql = new SqlText();
            var body = kind.Compile(new MeasureSql(sql, first.Arguments, parameters, Details));
            var text = $"""
                INSERT INTO ev_results
                WITH subj AS (SELECT s.*, m.node_id{string.Concat(own.Select(a => $", m.{MeasureSql.NodeArgColumn(a.Name)}"))} FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = {number} AND m.need_code = s.need_code WHERE NOT s.nobody)
                SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
                {body}
                )
                """;
            var arguments = string.Join(", ", first.Arguments.Where(a => !own.Exists(p => p.Name == a.Key)).Select(a => $"{a.Key}={a.Value}"));
            string For(MeasureNode node) => own.Count == 0 ? "" : $" ({string.Join(", ", own.Select(a => $"{a.Name}={node.Arguments[a.Name]}"))})";
            yield return Statement(
                $"measure {kind.Name}({arguments}) for {string.Join(", ", group.Select(x => $"need {x.Need.Code} node {x.Node.Id}{For(x.Node)}"))}: measure {number} of ev_measure_nodes.\n{kind.Description}",
                text, sql);
        }
    }

    /// <summary>The SQL type of a per-node argument's column, and its resolved value as the reference row holds it.</summary>
    private static (string Type, Func<object, object?> Value) PerNodeColumn(ParameterType type) => type switch
    {
        ParameterType.List => ("VARCHAR[]", v => ((IEnumerable<string>)v).ToArray()),
        ParameterType.Integer => ("INTEGER", v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)),
        ParameterType.Number => ("DECIMAL(18,4)", v => Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture)),
        ParameterType.Boolean => ("BOOLEAN", v => (bool)v),
        _ => ("VARCHAR", v => (string)v),
    };

    private IEnumerable<CompiledStatement> Combinations(IReadOnlyList<NeedDefinition> needs)
    {
        var composites = needs.SelectMany(n => n.Rule.Walk().Where(r => r is AllOf or AnyOf).Select(r => (Need: n, Node: r, Depth: Depth(n.Rule, r)))).ToList();
        foreach (var level in composites.GroupBy(c => c.Depth).OrderByDescending(g => g.Key))
        {
            var sql = new SqlText();
            var rows = new List<object?[]>();
            var parents = new List<string>();
            foreach (var (need, node, _) in level)
            {
                var (all, children) = node switch
                {
                    AllOf a => (true, a.Parts),
                    AnyOf a => (false, a.Routes),
                    _ => throw new InvalidOperationException(),
                };
                parents.Add(sql.P(node.Id));
                rows.AddRange(children.Select((child, i) => new object?[] { child.Id, parents.Count, all, i + 1 }));
            }
            // Parts are grouped by subject and the parent's number (integers hash faster than node ids), and combined
            // by RuleCombination. The reason is every part's reason in order when all parts agree (all met, or every
            // route not met), else that of the first part, in order, of least rank (RuleCombination.Rank). Only
            // decisions are combined here: the details are assembled once, in the results.
            var width = level.Max(c => c.Node is AllOf a ? a.Parts.Count : ((AnyOf)c.Node).Routes.Count);
            var positions = Enumerable.Range(1, width).ToList();
            string Each(Func<int, string> part, string separator) => string.Join(separator, positions.Select(part));
            var text = $"""
                INSERT INTO ev_results
                SELECT sid, [{string.Join(", ", parents)}][parent] AS node_id, status,
                  CASE WHEN status = {RuleCombination.Agreeing("is_all")} THEN concat_ws(' ', {Each(k => $"reason_{k}", ", ")}) ELSE first_reason END AS reason,
                  CAST(NULL AS VARCHAR) AS detail
                FROM (
                  SELECT r.sid, m.parent, m.is_all,
                    {RuleCombination.Either("m.is_all", "r.status")} AS status,
                    arg_min(r.reason, {RuleCombination.Rank("m.is_all", "r.status")} * {sql.P(width + 1)} + m.ord) AS first_reason,
                    {Each(k => $"any_value(r.reason) FILTER (WHERE m.ord = {k}) AS reason_{k}", ",\n    ")}
                  FROM ev_results r JOIN ev_combine_{level.Key} m ON r.node_id = m.child_id
                  GROUP BY r.sid, m.parent, m.is_all)
                """;
            yield return CompiledStatement.Reference(
                $"{framework.Id}: The parts of the rule nodes at depth {level.Key}: each part (child_id), the number of its node in the list below (parent), whether the node needs all its parts (is_all), and the part's place in it (ord).",
                $"ev_combine_{level.Key}", "child_id VARCHAR, parent INTEGER, is_all BOOLEAN, ord INTEGER", rows);
            yield return Statement(
                $"combine rule nodes at depth {level.Key}: {string.Join(", ", level.Select(c => c.Node.Id + (c.Node is AllOf ? " (all_of)" : " (any_of)")))}.\n"
                + "all_of: not_met if any part is not_met, met if all are met, else pending if any is pending, else insufficient_data. "
                + "any_of: met if any route is met, not_met if all are not_met, else pending if any is pending, else insufficient_data.",
                text, sql);
        }
    }

    /// <summary>
    /// The results, in three statements. <c>ev_layout</c>: every node of every need in the rule's order, with the
    /// JSON text around its fragment of the need's detail. <c>ev_need_results</c>: each subject's decision (its
    /// need's root node), with <c>sid</c> giving the subject order (family, need, person) to sort by when read;
    /// a scope that selects nobody is pending while the pupils cannot yet be known, else insufficient_data.
    /// <c>ev_need_details</c> (a view): each subject's detail, the fragments of its need's nodes joined in order
    /// (a part is <c>{"node", "status", "reason", "detail"}</c>, a composite's detail <c>{"combine", "parts": [...]}</c>),
    /// computed when read rather than stored.
    /// </summary>
    private IEnumerable<CompiledStatement> Results(IReadOnlyList<NeedDefinition> needs)
    {
        var layout = new List<object?[]>();
        var width = 1;
        foreach (var need in needs)
        {
            var fragments = new List<(RuleNode Node, bool Root, string Separator, string Open, System.Text.StringBuilder Close)>();
            void Visit(RuleNode node, bool root, bool first)
            {
                var children = node switch { AllOf a => a.Parts, AnyOf a => a.Routes, _ => [] };
                var open = node switch { AllOf => "{\"combine\":\"all_of\",\"parts\":[", AnyOf => "{\"combine\":\"any_of\",\"parts\":[", _ => "" };
                fragments.Add((node, root, root || first ? "" : ",", open, new System.Text.StringBuilder(node is MeasureNode && !root ? "}" : "")));
                if (children.Count == 0) return;
                for (var i = 0; i < children.Count; i++) Visit(children[i], false, i == 0);
                fragments[^1].Close.Append(root ? "]}" : "]}}");
            }
            Visit(need.Rule, true, true);
            width = Math.Max(width, fragments.Count);
            layout.AddRange(fragments.Select((f, i) => new object?[]
            {
                f.Node.Id, i, f.Node is MeasureNode, f.Root, f.Separator, f.Open, f.Close.ToString(),
                f.Node is MeasureNode m && MeasureKinds.Find(m.Kind)!.ReportsReliableImprovement, need.Rule is MeasureNode,
            }));
        }
        var p = ResultsPrefix;
        if (p != "ev_")
            yield return Statement($"Keep this run's node results as {p}results (the next run starts a new ev_results).", $"ALTER TABLE ev_results RENAME TO {p}results");
        yield return CompiledStatement.Reference($"{framework.Id}: Layout: each node of each need in the rule's order (ord), and the JSON text around its part of the need's detail.",
            $"{p}layout", "node_id VARCHAR, ord INTEGER, leaf BOOLEAN, root BOOLEAN, sep VARCHAR, open VARCHAR, close VARCHAR, instrument BOOLEAN, single BOOLEAN", layout);

        var sql = new SqlText();
        var outcomeTerms = sql.P(parameters.Int("outcome_terms"));
        yield return Statement("Results: each subject's decision, its need's root node; where an instrument decided, whether the change was reliable.", $"""
            CREATE OR REPLACE TEMP TABLE {p}need_results AS
            WITH roots AS (
              SELECT r.sid, r.status, r.reason FROM {p}results r JOIN {p}layout m ON m.node_id = r.node_id WHERE m.root),
            reliable AS (
              SELECT r.sid, bool_or(json_extract_string(r.detail, '$.reliable_improvement') = 'true') AS reliable_improvement
              FROM {p}results r JOIN {p}layout m ON m.node_id = r.node_id WHERE m.instrument AND r.status = 'met' GROUP BY r.sid),
            outcome_terms AS (
              SELECT family_id, count(*) AS n FROM ev_family_terms WHERE window_name = 'outcome' GROUP BY family_id)
            SELECT s.sid, s.family_id, s.need_code, s.person_id,
              CASE WHEN NOT s.nobody THEN d.status
                   WHEN s.scope = 'Pupil' AND coalesce(o.n, 0) < {outcomeTerms} THEN 'pending'
                   ELSE 'insufficient_data' END AS status,
              CASE WHEN NOT s.nobody THEN d.reason
                   WHEN s.scope = 'Pupil' AND coalesce(o.n, 0) < {outcomeTerms} THEN 'The outcome terms have not finished, so the children in scope cannot yet be known.'
                   ELSE 'No family member is in the need''s scope (' || lower(s.scope) || ' with the data needed to place them).' END AS reason,
              CASE WHEN NOT s.nobody THEN x.reliable_improvement END AS reliable_improvement
            FROM ev_subjects s LEFT JOIN roots d ON d.sid = s.sid LEFT JOIN reliable x ON x.sid = s.sid LEFT JOIN outcome_terms o ON o.family_id = s.family_id
            """, sql);

        if (!Details)
        {
            yield return Statement("Details: none (this run keeps decisions only).",
                $"CREATE OR REPLACE TEMP VIEW {p}need_details AS SELECT sid, CAST(NULL AS VARCHAR) AS detail FROM {p}need_results WHERE false");
            yield break;
        }
        var wrapper = $"concat('{{\"node\":', {Text("r.node_id")}, ',\"status\":', {Text("r.status")}, ',\"reason\":', {Text("r.reason")}, ',\"detail\":')";
        yield return Statement("Details: each subject's detail JSON, every node of its need's rule in order (a view: computed when read).", $"""
            CREATE OR REPLACE TEMP VIEW {p}need_details AS
            -- a need that is one measure: the measure's detail as it stands
            SELECT r.sid, coalesce(r.detail, 'null') AS detail
            FROM {p}results r JOIN {p}layout m ON m.node_id = r.node_id WHERE m.single
            UNION ALL
            -- a composition: each node's fragment, gathered by position (no ordered aggregate) and joined in order
            SELECT sid, concat({string.Join(", ", Enumerable.Range(0, width).Select(k => $"any_value(fragment) FILTER (WHERE ord = {k})"))}) AS detail
            FROM (
              SELECT r.sid, m.ord,
                concat(m.sep, CASE WHEN m.root THEN '' ELSE {wrapper} END, CASE WHEN m.leaf THEN coalesce(r.detail, 'null') ELSE m.open END, m.close) AS fragment
              FROM {p}results r JOIN {p}layout m ON m.node_id = r.node_id WHERE NOT m.single)
            GROUP BY sid
            """);
    }

    private static int Depth(RuleNode root, RuleNode target, int depth = 0)
    {
        if (ReferenceEquals(root, target)) return depth;
        return root.Children.Select(c => Depth(c, target, depth + 1)).FirstOrDefault(d => d >= 0, -1);
    }

    private string Signature(MeasureNode node, MeasureKind kind) =>
        string.Join(";", node.Arguments.Where(a => !kind.Arguments.Any(d => d.Name == a.Key && d.PerNode)).OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => $"{a.Key}={ParameterDefinition.Format(a.Value.Resolve(parameters))}"));
}
