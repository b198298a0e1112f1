namespace OutcomeAnalytics.Model;

/// <summary>Whose outcome a need measures.</summary>
public enum Scope
{
    /// <summary>The whole family: one decision per family.</summary>
    Family,
    /// <summary>The need's person, or the whole family when the need names nobody.</summary>
    Person,
    /// <summary>The need's person, or every family member under 18 at attachment.</summary>
    Child,
    /// <summary>The need's person, or every family member under 18 at attachment.</summary>
    YoungPerson,
    /// <summary>The need's person, or every family member 18 or over at attachment.</summary>
    Adult,
    /// <summary>The need's person, or every family member with attendance rows in the outcome terms.</summary>
    Pupil,
}

/// <summary>A headline outcome of a framework.</summary>
public sealed record Headline(int Number, string Title);

/// <summary>A value in a rule: a literal, or a reference (<c>$name</c>) to a framework parameter.</summary>
public sealed record ArgumentValue(object? Literal, string? Parameter)
{
    /// <summary>The value for a run.</summary>
    public object Resolve(ParameterSet parameters) => Parameter is not null ? parameters[Parameter] : Literal!;

    /// <inheritdoc />
    public override string ToString() => Parameter is not null ? "$" + Parameter : ParameterDefinition.Format(Literal!);
}

/// <summary>A node of a need's outcome rule.</summary>
public abstract record RuleNode
{
    /// <summary>The node's id within its need, such as <c>1.3/any_of/2</c>; names its SQL and its results.</summary>
    public required string Id { get; init; }

    /// <summary>The node's direct parts or routes (none for a measure).</summary>
    internal IReadOnlyList<RuleNode> Children => this switch { AllOf a => a.Parts, AnyOf a => a.Routes, _ => [] };

    /// <summary>Every node of the rule from this one down, parents before children.</summary>
    public IEnumerable<RuleNode> Walk()
    {
        yield return this;
        foreach (var child in Children)
            foreach (var n in child.Walk()) yield return n;
    }

    /// <summary>The source document's number for this measure or outcome (such as <c>M2a</c> or <c>4A</c>), where it has one.</summary>
    public string? Ref { get; init; }

    /// <summary>The reading chosen for this node, in the model's words, where the file gives one.</summary>
    public string? Note { get; init; }

    /// <summary>This node and every node under it, parents before children, in the rule's order.</summary>
    public IEnumerable<RuleNode> Nodes()
    {
        yield return this;
        IReadOnlyList<RuleNode> children = this switch { AllOf a => a.Parts, AnyOf a => a.Routes, _ => [] };
        foreach (var node in children.SelectMany(c => c.Nodes())) yield return node;
    }
}

/// <summary>Every part must be met.</summary>
public sealed record AllOf(IReadOnlyList<RuleNode> Parts) : RuleNode;

/// <summary>At least one route must be met.</summary>
public sealed record AnyOf(IReadOnlyList<RuleNode> Routes) : RuleNode;

/// <summary>One measure of a given kind with its arguments.</summary>
public sealed record MeasureNode(string Kind, IReadOnlyDictionary<string, ArgumentValue> Arguments) : RuleNode;

/// <summary>A need of a framework and its outcome rule.</summary>
public sealed record NeedDefinition(string Code, int Headline, string Title, Scope Scope, RuleNode Rule)
{
    /// <summary>How the source document identifies the need (a phase 2 plan's criteria), as documentation.</summary>
    public IReadOnlyList<string> Identification { get; init; } = [];

    /// <summary>The reading chosen for the need, where the file gives one.</summary>
    public string? Note { get; init; }

    /// <summary>Measures the document gives for this need that no rule computes, each with the reason.</summary>
    public IReadOnlyList<UnencodedMeasure> Unencoded { get; init; } = [];
}

/// <summary>How a family becomes eligible for a claim.</summary>
public sealed record EligibilityRule(ArgumentValue MinNeeds, ArgumentValue Count, IReadOnlyList<string> Prerequisites);

/// <summary>A framework: headlines, needs with their rules, parameters, eligibility and claim rules.</summary>
public sealed record Framework
{
    /// <summary>The parameters every framework defines: how many terms its outcome and baseline windows hold.</summary>
    public static IReadOnlyList<string> TermWindowParameters { get; } = ["outcome_terms", "baseline_terms"];

    /// <summary>The framework id, such as <c>phase3</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The title.</summary>
    public required string Title { get; init; }
    /// <summary>The version of the source document.</summary>
    public required string Version { get; init; }
    /// <summary>The document the framework encodes.</summary>
    public required string Source { get; init; }
    /// <summary>The model file it was read from.</summary>
    public required string File { get; init; }
    /// <summary>The headline outcomes.</summary>
    public required IReadOnlyList<Headline> Headlines { get; init; }
    /// <summary>The parameters (every open choice of the reading), in file order.</summary>
    public required IReadOnlyList<ParameterDefinition> Parameters { get; init; }
    /// <summary>The needs, in file order.</summary>
    public required IReadOnlyList<NeedDefinition> Needs { get; init; }
    /// <summary>When a family is eligible.</summary>
    public required EligibilityRule Eligibility { get; init; }
    /// <summary>Months after closure when a claim falls due.</summary>
    public required ArgumentValue ClaimDueMonths { get; init; }

    /// <summary>
    /// Rule nodes (their ids) any one of which, met for a family member, makes an eligible family's claim whatever its
    /// other needs (the phase 2 plans' continuous employment); empty when every identified need must be met.
    /// </summary>
    public IReadOnlyList<string> ClaimOrMet { get; init; } = [];

    /// <summary>The framework this one is written as changes to (<c>extends</c>), or null.</summary>
    public string? Extends { get; init; }

    /// <summary>
    /// This framework's id and the ids of the frameworks it extends, nearest first (<c>phase3-sfop, phase3</c>); the
    /// last is the framework the others restate, whose claims are theirs (see <c>Evaluator</c>'s claims).
    /// </summary>
    public IReadOnlyList<string> Lineage { get; init; } = [];

    /// <summary>The elements this framework changes in the one it extends (<c>need 6.5</c>, <c>parameter x</c>, <c>eligibility</c>...), in file order.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>The readings the file documents for the framework as a whole.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The need with that code, or null.</summary>
    public NeedDefinition? Need(string code) => Needs.FirstOrDefault(n => n.Code == code);

    /// <summary>The parameter values for a run: defaults plus overrides.</summary>
    /// <exception cref="FormatException">
    /// Unknown names or invalid values (each one listed); or, when every value parses, values a measure cannot use
    /// (such as a negative count; each one listed).
    /// </exception>
    public ParameterSet Bind(IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var set = ParameterSet.Create(Parameters, overrides);
        var problems = ArgumentProblems(Needs, set).Select(p => $"need {p.Need}: {p.Problem}").ToList();
        return problems.Count == 0 ? set : throw new FormatException(string.Join(Environment.NewLine, problems));
    }

    /// <summary>Each measure's <see cref="Measures.MeasureKind.Check"/> problems with these values, by need code.</summary>
    internal static IEnumerable<(string Need, string Problem)> ArgumentProblems(IEnumerable<NeedDefinition> needs, ParameterSet values) =>
        from need in needs
        from node in need.Rule.Walk().OfType<MeasureNode>()
        from problem in Measures.MeasureKinds.Find(node.Kind)!.Check(name => node.Arguments[name].Resolve(values), name => Named(node.Arguments[name], name, values))
        select (need.Code, problem);

    /// <summary>An argument as a message names it: <c>zero_route_max ($adult_zero_route_max = 7)</c>, or <c>zero_route_max (7)</c>.</summary>
    private static string Named(ArgumentValue argument, string name, ParameterSet values) =>
        $"{name} ({(argument.Parameter is null ? "" : $"${argument.Parameter} = ")}{ParameterDefinition.Format(argument.Resolve(values))})";
}
