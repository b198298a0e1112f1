using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Model;

public sealed class FrameworkModelTests
{
    [Fact]
    public void Phase3_EncodesAllTenHeadlinesAndEveryNeed()
    {
        var f = FrameworkLoader.Get("phase3");
        Assert.Equal(10, f.Headlines.Count);
        string[] codes = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "5.1", "5.2", "5.3", "5.4",
            "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "7.1", "7.2", "7.3", "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.1", "10.2", "10.3"];
        Assert.Equal(codes, f.Needs.Select(n => n.Code));
        Assert.All(f.Needs, n => Assert.Equal(int.Parse(n.Code.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture), n.Headline));
        Assert.Equal(Scope.Pupil, f.Need("1.1")!.Scope);
        Assert.Equal(Scope.Adult, f.Need("7.1")!.Scope);
        Assert.Equal(Scope.Family, f.Need("8.2")!.Scope);
    }

    [Fact]
    public void Parameters_HaveTheReferenceDefaults_AndOverridesAreTyped()
    {
        var f = FrameworkLoader.Get("phase3");
        var p = f.Bind();
        Assert.Equal(2, p.Int("outcome_terms"));
        Assert.Equal(90m, p.Number("attendance_threshold"));
        Assert.True(p.Flag("authorised_absence_counts"));
        Assert.Equal(["offence", "arrest", "named_suspect", "asb"], p.List("crime_counted_types"));
        var o = f.Bind(ParameterSet.ParsePairs(["outcome_terms=3", "improvement_mode=points"]));
        Assert.Equal(3, o.Int("outcome_terms"));
        Assert.Equal("points", o.Text("improvement_mode"));
        Assert.Equal(["outcome_terms", "improvement_mode"], o.Overridden);
    }

    [Fact]
    public void ListsOfControlledValues_RefuseWordsOutsideTheirVocabulary()
    {
        // A misspelt incident type would match no record, so 'no incidents' would pass every family: refused in the
        // model (literal or parameter default) and on the command line, with the words allowed.
        var yaml = FrameworkYaml.Framework("local", "Local",
            [
                .. FrameworkYaml.Terms(),
                "{ name: crime_counted_types, type: list, default: [offence, burglary], meaning: m }",
                "{ name: reduction_fraction, type: number, default: 0.5, meaning: m }",
                "{ name: reduction_baseline, type: choice, choices: [rate_12_months, count_12_months], default: rate_12_months, meaning: m }",
                "{ name: crime_baseline_months, type: integer, default: 12, meaning: m }",
                "{ name: post_closure_months, type: integer, default: 6, meaning: m }",
                "{ name: pre_closure_months, type: integer, default: 1, meaning: m }",
            ],
            """
              - { code: L1, headline: 1, title: A, scope: family, rule: { measure: no_incidents, incident_types: [offense], window: post_closure } }
              - { code: L2, headline: 1, title: B, scope: adult, rule: { measure: incident_reduction, zero_route_max: 2 } }
              - { code: L3, headline: 1, title: C, scope: child, rule: { measure: instrument_improvement, instruments: [SDQ, SDQQ] } }
            """);
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("local.yaml", yaml));
        Assert.Contains(e.Problems, p => p.Element == "need L1 rule.incident_types"
            && p.Message == "'offense' is not a valid value for need L1 rule.incident_types: expected a comma-separated list of offence, arrest, named_suspect, asb, domestic_abuse, missing_episode, exploitation_report, police_report.");
        Assert.Contains(e.Problems, p => p.Element == "need L3 rule.instruments" && p.Message.StartsWith("'SDQQ' is not a valid value", StringComparison.Ordinal));
        // The parameter is checked because incident_reduction's counted_types defaults to it.
        Assert.Contains(e.Problems, p => p.Element == "parameter crime_counted_types" && p.Message.StartsWith("default: 'burglary' is not a valid value", StringComparison.Ordinal));

        // A choice parameter may offer only what the SQL knows: 'count_12_months' would silently act as the last case.
        Assert.Contains(e.Problems, p => p.Element == "parameter reduction_baseline"
            && p.Message == "offers the choice 'count_12_months', which need L2 rule.baseline does not know (it takes rate_12_months, count_6_months_before)");

        var phase3 = FrameworkLoader.Get("phase3");
        Assert.Contains("offence", phase3.Parameters.Single(p => p.Name == "crime_counted_types").Choices);
        var bad = Assert.Throws<FormatException>(() => phase3.Bind(ParameterSet.ParsePairs(["crime_counted_types=offence,asbo", "da_referral_services=domestic_abuse"])));
        Assert.Contains("'asbo' is not a valid value for crime_counted_types: expected a comma-separated list of offence, arrest,", bad.Message);
        Assert.Equal(["domestic_abuse"], phase3.Bind(ParameterSet.ParsePairs(["da_referral_services=domestic_abuse"])).List("da_referral_services"));
    }

    [Fact]
    public void Parameters_RefuseUnknownNamesAndBadValues_ListingEveryProblem()
    {
        var f = FrameworkLoader.Get("phase3");
        var e = Assert.Throws<FormatException>(() => f.Bind(ParameterSet.ParsePairs(["nope=1", "outcome_terms=two", "improvement_mode=linear"])));
        Assert.Contains("'nope' is not a parameter", e.Message);
        Assert.Contains("'two' is not a valid value for outcome_terms", e.Message);
        Assert.Contains("one of relative, points, absence_relative", e.Message);
    }

    [Theory]
    [InlineData("post_closure_months=0", "'0' is not a valid value for post_closure_months: expected a whole number at least 1.")]
    [InlineData("post_closure_months=-6", "'-6' is not a valid value for post_closure_months: expected a whole number at least 1.")]
    [InlineData("outcome_terms=0", "'0' is not a valid value for outcome_terms: expected a whole number at least 1.")]
    [InlineData("instrument_min_gap_days=-100", "'-100' is not a valid value for instrument_min_gap_days: expected a whole number at least 0.")]
    [InlineData("attendance_threshold=100.5", "'100.5' is not a valid value for attendance_threshold: expected a number from 0 to 100.")]
    [InlineData("reduction_fraction=1.01", "'1.01' is not a valid value for reduction_fraction: expected a number from 0 to 1.")]
    [InlineData("eligibility_min_needs=0", "'0' is not a valid value for eligibility_min_needs: expected a whole number at least 1.")]
    public void Overrides_OutsideAParametersBounds_AreRefused_NamingTheRange(string pair, string message)
    {
        var e = Assert.Throws<FormatException>(() => FrameworkLoader.Get("phase3").Bind(ParameterSet.ParsePairs([pair])));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("post_closure_months=1", 1)]
    [InlineData("attendance_threshold=100", 100)]
    [InlineData("attendance_threshold=0", 0)]
    [InlineData("reduction_fraction=1", 1)]
    public void Overrides_OnABound_AreAccepted(string pair, int value)
    {
        var name = pair.Split('=')[0];
        Assert.Equal(value, FrameworkLoader.Get("phase3").Bind(ParameterSet.ParsePairs([pair])).Number(name));
    }

    [Fact]
    public void Bounds_AreChecked_WhenTheModelLoads()
    {
        // The term windows' own bounds are among those checked, so they are written out here.
        var yaml = FrameworkYaml.Framework("bounded", "Bounded",
            [
                "{ name: outcome_terms, type: integer, default: 0, min: 1, meaning: m }",
                "{ name: baseline_terms, type: integer, default: 2, min: 3, max: 1, meaning: m }",
                "{ name: weighting, type: choice, default: a, choices: [a, b], min: 0, meaning: m }",
                "{ name: share, type: number, default: 0.5, max: half, meaning: m }",
            ],
            """
              - { code: "1.1", headline: 1, title: A, scope: family, rule: { measure: evidence } }
            """,
            eligibility: "{ min_needs: 1 }");
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("bounded.yaml", yaml));
        Assert.Contains(e.Problems, p => p.Element == "parameter outcome_terms" && p.Message == "default: '0' is not a valid value for outcome_terms: expected a whole number at least 1.");
        Assert.Contains(e.Problems, p => p.Element == "parameter baseline_terms" && p.Message == "min 3 is greater than max 1");
        Assert.Contains(e.Problems, p => p.Element == "parameter weighting" && p.Message == "min: only a number or whole number has bounds");
        Assert.Contains(e.Problems, p => p.Element == "parameter share" && p.Message == "max: 'half' is not a number");
    }

    [Fact]
    public void Parse_ReportsEveryProblemAtOnce_WithFileAndElement()
    {
        // Broken term windows are among the problems (outcome_terms is missing, baseline_terms has the wrong type).
        var yaml = FrameworkYaml.Framework("broken", "Broken",
            ["{ name: terms, type: integer, default: 2, meaning: m }", "{ name: baseline_terms, type: boolean, default: false, meaning: m }"],
            """
              - { code: "1.1", headline: 1, title: A, scope: child, rule: { measure: telepathy } }
              - { code: "1.1", headline: 1, title: B, scope: child, rule: { measure: evidence, colour: blue } }
              - { code: "1.2", headline: 7, title: C, scope: everyone, rule: { measure: attendance_threshold, min_percent: lots } }
              - { code: "1.3", headline: 1, title: D, scope: child }
            """,
            eligibility: "{ min_needs: $nothing }");
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("broken.yaml", yaml));
        Assert.All(e.Problems, p => Assert.Equal("broken.yaml", p.File));
        Assert.Contains(e.Problems, p => p.Element == "eligibility.min_needs" && p.Message.Contains("unknown parameter '$nothing'"));
        Assert.Contains(e.Problems, p => p.Element == "need 1.1 rule" && p.Message.Contains("unknown measure kind 'telepathy'"));
        Assert.Contains(e.Problems, p => p.Element == "need 1.1" && p.Message.Contains("duplicate code"));
        Assert.Contains(e.Problems, p => p.Element == "need 1.1 rule" && p.Message.Contains("no argument 'colour'"));
        Assert.Contains(e.Problems, p => p.Element == "need 1.1 rule" && p.Message.Contains("require_verified"));
        Assert.Contains(e.Problems, p => p.Element == "need 1.2" && p.Message.Contains("headline '7'"));
        Assert.Contains(e.Problems, p => p.Element == "need 1.2" && p.Message.Contains("scope 'everyone'"));
        Assert.Contains(e.Problems, p => p.Element == "need 1.2 rule.min_percent" && p.Message.Contains("'lots'"));
        Assert.Contains(e.Problems, p => p.Element == "need 1.3" && p.Message.Contains("has no rule"));
        // The term windows' sizes are required of every framework, whatever its measures.
        Assert.Contains(e.Problems, p => p.Element == "parameters" && p.Message == "needs the integer parameter 'outcome_terms' (the number of terms in a window)");
        Assert.Contains(e.Problems, p => p.Element == "parameter baseline_terms" && p.Message == "must be of type integer (a number of terms)");
        Assert.DoesNotContain(e.Problems, p => p.Message.Contains("needs the integer parameter 'baseline_terms'"));
    }

    /// <summary>A framework with one need that uses <paramref name="kind"/>, defining only the given parameters.</summary>
    internal static string OneKindFramework(OutcomeAnalytics.Model.Measures.MeasureKind kind, IEnumerable<OutcomeAnalytics.Model.Measures.ArgumentDefinition> parameters)
    {
        static string Value(ParameterType type, IReadOnlyList<string>? choices) => type switch
        {
            ParameterType.List => $"[{choices?[0] ?? "a"}]",
            ParameterType.Choice => choices![0],
            ParameterType.Boolean => "false",
            _ => "1",
        };
        var defined = parameters.Select(p => $"{{ name: {p.Name}, type: {p.Type.ToString().ToLowerInvariant()}, default: {Value(p.Type, p.Choices)}, meaning: m"
            + (p.Type == ParameterType.Choice ? $", choices: [{string.Join(", ", p.Choices!)}]" : "") + " }");
        var arguments = kind.Arguments.Where(a => a.Default is null).Select(a => $"{a.Name}: {Value(a.Type, a.Choices)}");
        return FrameworkYaml.Framework("one", "One", [.. FrameworkYaml.Terms(), .. defined],
            $"  - {{ code: X1, headline: 1, title: X, scope: person, rule: {{ measure: {kind.Name}{string.Concat(arguments.Select(a => ", " + a))} }} }}");
    }

    /// <summary>The parameters a kind reads: those it declares, and those its arguments default to.</summary>
    internal static IEnumerable<OutcomeAnalytics.Model.Measures.ArgumentDefinition> ParametersItReads(OutcomeAnalytics.Model.Measures.MeasureKind kind) =>
        kind.FrameworkParameters.Concat(kind.Arguments.Where(a => a.Default?.Parameter is not null).Select(a => a with { Name = a.Default!.Parameter! }));

    [Fact]
    public void EveryMeasureKind_DeclaresTheParametersItsSqlReads()
    {
        // Defining only the declared parameters (and those its arguments default to) is enough to compile each kind:
        // a kind that read an undeclared parameter would fail here with "No parameter".
        foreach (var kind in OutcomeAnalytics.Model.Measures.MeasureKinds.All)
        {
            var framework = FrameworkLoader.Parse($"{kind.Name}.yaml", OneKindFramework(kind, ParametersItReads(kind)));
            var statements = new OutcomeAnalytics.Evaluation.FrameworkCompiler(framework, framework.Bind(), new DateOnly(2025, 9, 30)).Compile();
            Assert.Contains(statements, st => st.Comment.StartsWith($"one: measure {kind.Name}(", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AParameterAMeasureReads_IsRequiredOfTheFramework()
    {
        var kind = OutcomeAnalytics.Model.Measures.MeasureKinds.Find("no_incidents")!;
        Assert.Equal(["post_closure_months", "pre_closure_months"], kind.FrameworkParameters.Select(p => p.Name));
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("local.yaml", OneKindFramework(kind, [])));
        Assert.Equal(2, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Element == "need X1 rule"
            && p.Message == "no_incidents reads the integer parameter 'post_closure_months' (Months after closure the post-closure window lasts.), which this framework does not define");
        Assert.Contains(e.Problems, p => p.Message.StartsWith("no_incidents reads the integer parameter 'pre_closure_months'", StringComparison.Ordinal));
    }

    [Fact]
    public void AValueAMeasureCannotUse_IsReported_WithTheOtherProblemsOfTheFile()
    {
        // A valid integer, but a count of incidents cannot be below 0; reported with the file's other problem.
        var kind = OutcomeAnalytics.Model.Measures.MeasureKinds.Find("incident_reduction")!;
        var yaml = OneKindFramework(kind, ParametersItReads(kind)).Replace("zero_route_max: 1", "zero_route_max: -1", StringComparison.Ordinal)
            .Replace("title: One\n", "\n", StringComparison.Ordinal);
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("local.yaml", yaml));
        Assert.Equal([
            ("title", "needs a title"),
            ("need X1 rule", "zero_route_max (-1) is below 0: it is a count of incidents, and with it no baseline would take the zero route")],
            e.Problems.Select(p => (p.Element, p.Message)));
        Assert.All(e.Problems, p => Assert.Equal("local.yaml", p.File));
    }

    [Fact]
    public void MisspeltElements_AndAMissingTitleVersionOrSource_AreReported_NotIgnored()
    {
        const string yaml = """
            framework: typos
            headlines: [{ number: 1, title: One, colour: red }]
            parameters:
              - { name: outcome_terms, type: integer, default: 2, meaning: m, units: terms }
              - { name: baseline_terms, type: integer, default: 2, meaning: m }
            eligibility: { min_needs: 3, minimum: 4 }
            claim: { due_months: 12 }
            needs:
              - { code: "1.4", headline: 1, tittle: A, scope: child, rule: { measure: evidence } }
            """;
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("typos.yaml", yaml));
        // In file order, each at the line and column of the element it concerns (a misspelt key at the key itself).
        Assert.Equal([
            (1, 1, "title", "needs a title"), (1, 1, "version", "needs a version"), (1, 1, "source", "needs a source"),
            (2, 38, "headlines[0]", "has an unknown element 'colour' (it takes: number, title)"),
            (4, 67, "parameter outcome_terms", "has an unknown element 'units' (it takes: name, type, default, meaning, choices, min, max, alternatives)"),
            (6, 30, "eligibility", "has an unknown element 'minimum' (it takes: min_needs, count, prerequisites)"),
            (7, 10, "claim", "has an unknown element 'due_months' (it takes: due_months_after_closure, or_met)"),
            (7, 8, "claim.due_months_after_closure", "is missing (expected an integer)"),
            (9, 33, "need 1.4", "has an unknown element 'tittle' (it takes: code, headline, title, scope, rule, note, identification, unencoded, remove)"),
            (9, 5, "need 1.4", "needs a title"),
            (9, 64, "need 1.4 rule", "evidence defaults require_verified to $require_verified, which this framework does not define; give require_verified explicitly or define the parameter")],
            e.Problems.Select(p => (p.Line ?? 0, p.Column ?? 0, p.Element, p.Message)));
        Assert.StartsWith("typos.yaml line 9, column 33: need 1.4: has an unknown element 'tittle'", e.Problems[8].ToString(), StringComparison.Ordinal);
    }
}
