using OutcomeAnalytics.Formats;


namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// What a measure kind compiles against: the subjects it decides (CTE <c>subj</c>, one row per sid: sid, node_id,
/// family_id, need_code, person_id, basis, a = attached, c = closure, t = evaluation date, and an <c>arg_</c>
/// column per per-node argument), its arguments, the run's
/// parameters, and the parameter list of the statement being built (values never enter the SQL text).
/// </summary>
internal sealed class MeasureSql(SqlText sql, IReadOnlyDictionary<string, ArgumentValue> arguments, ParameterSet parameters, bool details = true)
{
    /// <summary>
    /// A part of the detail built in a subquery (<paramref name="value"/>), or NULL when the run keeps decisions only:
    /// built only when used, so the values it alone refers to never become statement parameters.
    /// </summary>
    public string DetailPart(Func<string> value) => details ? value() : "NULL";

    /// <summary>True when the run writes details (<see cref="Decision.Detail"/>).</summary>
    public bool Details => details;

    /// <summary>Adds a value as a statement parameter and returns its placeholder.</summary>
    public string P(object? value) => sql.P(value);

    /// <summary>A list of values as placeholders for <c>IN (...)</c>.</summary>
    public string In(IEnumerable<string> values) => string.Join(", ", values.Select(v => sql.P(v)));

    /// <summary>The resolved value of an argument.</summary>
    public object Arg(string name) => arguments[name].Resolve(parameters);

    /// <summary>The resolved value of a number argument.</summary>
    public decimal Number(string name) => Convert.ToDecimal(Arg(name), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The resolved value of an integer argument.</summary>
    public int Integer(string name) => Convert.ToInt32(Arg(name), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A per-node argument (<see cref="ArgumentDefinition.PerNode"/>) as the SQL column of <c>subj</c> (alias
    /// <c>s</c>) holding the subject's node's value; a list argument is a <c>VARCHAR[]</c>.
    /// </summary>
    public static string NodeArg(string name) => $"s.{NodeArgColumn(name)}";

    /// <summary>The column of <c>subj</c> holding a per-node argument.</summary>
    public static string NodeArgColumn(string name) =>
        "arg_" + Identifier.Checked(name, "an argument name");

    /// <summary>An argument as a list of words.</summary>
    public IReadOnlyList<string> ArgList(string name) => Arg(name) switch
    {
        string[] a => a,
        IEnumerable<string> e => [.. e],
        var v => [ParameterDefinition.Format(v)],
    };

    /// <summary>The run's parameters.</summary>
    public ParameterSet Parameters => parameters;

    /// <summary>A framework parameter as a placeholder.</summary>
    public string Param(string name) => sql.P(parameters[name] is string[] list ? string.Join(",", list) : parameters[name]);

    /// <summary>The end of the post-closure window, <c>c + post_closure_months</c>.</summary>
    public string PostClosureEnd => $"CAST(s.c + to_months({P(parameters.Int("post_closure_months"))}) AS DATE)";

    /// <summary>The start of the pre-closure window, <c>c - pre_closure_months</c>.</summary>
    public string PreClosureStart => $"CAST(s.c - to_months({P(parameters.Int("pre_closure_months"))}) AS DATE)";

    /// <summary>True when the post-closure window has finished by the evaluation date.</summary>
    public string ClosureWindowsDone => $"(s.c IS NOT NULL AND s.t >= {PostClosureEnd})";

    /// <summary>The reason given while a closure window is still running.</summary>
    public string ClosurePending =>
        "CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' "
        + $"ELSE 'The post-closure window ends on ' || strftime({PostClosureEnd}, '%Y-%m-%d') || ', after the evaluation date.' END";
}
