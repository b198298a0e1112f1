namespace OutcomeAnalytics.Model.Measures;

/// <summary>An argument a measure kind takes, with its type and default (a literal or a <c>$parameter</c>).</summary>
public sealed record ArgumentDefinition(string Name, ParameterType Type, ArgumentValue? Default, string Meaning, IReadOnlyList<string>? Choices = null)
{
    /// <summary>
    /// When true, rule nodes that differ only in this argument are still decided in one statement: each node's
    /// value reaches the SQL as a column of the subjects (<see cref="MeasureSql.NodeArg"/>), not as one value.
    /// </summary>
    public bool PerNode { get; init; }

    /// <summary>An argument defaulting to a framework parameter.</summary>
    public static ArgumentDefinition FromParameter(string name, ParameterType type, string parameter, string meaning, IReadOnlyList<string>? choices = null) =>
        new(name, type, new ArgumentValue(null, parameter), meaning, choices);

    /// <summary>An argument with a literal default.</summary>
    public static ArgumentDefinition WithDefault(string name, ParameterType type, object value, string meaning, IReadOnlyList<string>? choices = null) =>
        new(name, type, new ArgumentValue(value, null), meaning, choices);

    /// <summary>An argument every use must give.</summary>
    public static ArgumentDefinition RequiredArgument(string name, ParameterType type, string meaning, IReadOnlyList<string>? choices = null) =>
        new(name, type, null, meaning, choices);
}

/// <summary>
/// A reusable kind of outcome measure (attendance threshold, incident reduction, evidence...). Each kind is one
/// class: its arguments, and its decision table (<see cref="Decide"/>), compiled to set-based SQL that decides every
/// subject that uses it at once.
/// </summary>
public abstract class MeasureKind
{
    /// <summary>The name used in model files.</summary>
    public abstract string Name { get; }

    /// <summary>What the measure decides, in a sentence.</summary>
    public abstract string Description { get; }

    /// <summary>The arguments it takes.</summary>
    public abstract IReadOnlyList<ArgumentDefinition> Arguments { get; }

    /// <summary>
    /// The framework parameters its SQL reads directly rather than through an argument (such as the post-closure
    /// months): a framework that uses the kind must define each, of that type and, for a choice, with only those
    /// choices. The term windows (<see cref="Framework.TermWindowParameters"/>) are required of every framework.
    /// </summary>
    public virtual IReadOnlyList<ArgumentDefinition> FrameworkParameters => [];

    /// <summary>
    /// True when the kind's detail carries <c>reliable_improvement</c> (true, false or null), which the need's
    /// <c>reliable_improvement</c> column reports where the kind met: the questionnaire kinds. False by default.
    /// </summary>
    public virtual bool ReportsReliableImprovement => false;

    /// <summary>The closure-window parameters of the kinds that judge the months around closure.</summary>
    internal static readonly ArgumentDefinition PostClosureMonths =
        ArgumentDefinition.RequiredArgument("post_closure_months", ParameterType.Integer, "Months after closure the post-closure window lasts.");

    /// <inheritdoc cref="PostClosureMonths"/>
    internal static readonly ArgumentDefinition PreClosureMonths =
        ArgumentDefinition.RequiredArgument("pre_closure_months", ParameterType.Integer, "Months before closure the pre-closure window starts.");

    /// <summary>
    /// Problems with one use's argument values that an argument's type does not show, such as a count below 0:
    /// <paramref name="value"/> gives an argument's resolved value, <paramref name="named"/> the argument as a message
    /// names it (with the parameter it came from and its value). Checked when a model is loaded, with its defaults,
    /// and when a run binds its parameters (<see cref="Framework.Bind"/>).
    /// </summary>
    internal virtual IEnumerable<string> Check(Func<string, object> value, Func<string, string> named) => [];

    /// <summary>
    /// The kind's decision table for the subjects of the CTE <c>subj</c>: the records it reads per subject, its
    /// ordered cases (when, status, reason) and its detail fields.
    /// </summary>
    internal abstract Decision Decide(MeasureSql sql);

    /// <summary>
    /// A SELECT returning <c>(sid, node_id, status, reason, detail)</c> for every row of the subjects CTE <c>subj</c>:
    /// status is <c>met</c>, <c>not_met</c>, <c>pending</c> or <c>insufficient_data</c>, reason one sentence, detail a
    /// JSON object of the figures used (<see cref="Decision.Sql"/>).
    /// </summary>
    internal string Compile(MeasureSql sql) => Decide(sql).Sql(sql);
}

/// <summary>Every measure kind the model can use.</summary>
public static class MeasureKinds
{
    /// <summary>All kinds, by name.</summary>
    public static IReadOnlyList<MeasureKind> All { get; } =
    [
        new EvidenceMeasure(),
        new AttendanceThresholdMeasure(),
        new AttendanceImprovementMeasure(),
        new ExclusionReductionMeasure(),
        new InstrumentImprovementMeasure(),
        new NoIncidentsMeasure(),
        new NoReferralsMeasure(),
        new PlanClosedMeasure(),
        new IncidentReductionMeasure(),
        new SustainedEmploymentMeasure(),
        new EetStatusMeasure(),
        new BandedAttendanceMeasure(),
        new DatedAttendanceThresholdMeasure(),
        new ExclusionCountMeasure(),
        new ContinuousEmploymentMeasure(),
        new NoPlanStartedMeasure(),
    ];

    /// <summary>The kind with that name, or null.</summary>
    public static MeasureKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
