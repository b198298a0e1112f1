using System.Globalization;
using OutcomeAnalytics.Model.Measures;

namespace OutcomeAnalytics.Model;

/// <summary>
/// Checks a framework document (merged with its base) element by element and builds the <see cref="Framework"/>;
/// every problem is added to the list with the place of the element it concerns.
/// </summary>
internal sealed class FrameworkChecker(FrameworkDocument document, ProblemList problems)
{
    private readonly List<ParameterDefinition> _parameters = [];
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly List<(string Parameter, IReadOnlyList<string> Values, string Element, Place At)> _vocabularyUses = [];
    private readonly Dictionary<string, Place> _parameterPlaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missingReported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Place>> _alternativePlaces = new(StringComparer.Ordinal);

    private void Problem(string element, string message, Place? at) => problems.Add(element, message, at ?? document.At);

    private string Text(string? value, string key, string element, Place at)
    {
        if (value is { } s && s.Trim().Length > 0) return s.Trim();
        Problem(element, $"needs a {key}", at);
        return "";
    }

    /// <summary>The framework, or null when the document has problems.</summary>
    public Framework? Check()
    {
        var before = problems.Count;
        var id = Text(document.Id, "framework", "framework", document.At);
        var title = Text(document.Title, "title", "title", document.At);
        var version = Text(document.Version, "version", "version", document.At);
        var source = Text(document.Source, "source", "source", document.At);

        var headlines = new List<Headline>();
        foreach (var h in document.Headlines ?? [])
        {
            if (int.TryParse(h.Number, CultureInfo.InvariantCulture, out var number))
                headlines.Add(new Headline(number, Text(h.Title, "title", $"headlines[{h.Index}]", h.At)));
            else Problem($"headlines[{h.Index}]", "needs a number and a title", h.At);
        }

        foreach (var p in document.Parameters ?? []) Parameter(p);
        // Every framework's windows count terms (the outcome terms at T, the baseline terms before A), and needs
        // such as the pupils' scope use them whatever the measures; so these are required of every model.
        foreach (var required in Framework.TermWindowParameters.Where(r => !_declared.Contains(r)))
            Problem("parameters", $"needs the integer parameter '{required}' (the number of terms in a window)", document.At);
        foreach (var p in _parameters.Where(p => Framework.TermWindowParameters.Contains(p.Name) && p.Type != ParameterType.Integer))
            Problem($"parameter {p.Name}", "must be of type integer (a number of terms)", _parameterPlaces[p.Name]);

        var el = document.Eligibility;
        if (el is null) Problem("eligibility", "is missing", document.At);
        var eligibility = new EligibilityRule(
            Argument(el?.MinNeeds, ParameterType.Integer, "eligibility.min_needs", el?.MinNeedsAt ?? el?.At) ?? new ArgumentValue(3, null),
            Argument(el?.Count ?? "needs", ParameterType.Choice, "eligibility.count", el?.CountAt ?? el?.At, ["needs", "headlines"]) ?? new ArgumentValue("needs", null),
            el?.Prerequisites ?? []);
        foreach (var p in eligibility.Prerequisites.Where(p => p is not ("lead_practitioner" or "whole_family_assessment" or "family_plan")))
            Problem("eligibility.prerequisites", $"'{p}' is not a boolean column of families (lead_practitioner, whole_family_assessment, family_plan)", el?.At);
        var claim = document.Claim;
        var due = Argument(claim?.DueMonths, ParameterType.Integer, "claim.due_months_after_closure", claim?.DueMonthsAt ?? claim?.At) ?? new ArgumentValue(6, null);

        var needs = new List<NeedDefinition>();
        var rulePlaces = new Dictionary<string, Place>(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in document.Needs ?? [])
        {
            var code = Text(n.Code, "code", $"needs[{n.Index}]", n.At);
            var element = $"need {code}";
            if (!codes.Add(code)) Problem(element, "is defined twice (duplicate code)", n.At);
            var headline = int.TryParse(n.Headline, CultureInfo.InvariantCulture, out var h) ? h : 0;
            if (headlines.All(x => x.Number != headline)) Problem(element, $"headline '{n.Headline}' is not a headline of the framework", n.At);
            var needTitle = Text(n.Title, "title", element, n.At);
            if (!Enum.TryParse<Scope>((n.Scope ?? "").Replace("_", "", StringComparison.Ordinal), true, out var scope))
                Problem(element, $"scope '{n.Scope}' is not one of family, person, child, young_person, adult, pupil", n.At);
            var unencoded = new List<UnencodedMeasure>();
            foreach (var (u, j) in (n.Unencoded ?? []).Select((u, j) => (u, j)))
            {
                var ue = $"{element}.unencoded[{j}]";
                unencoded.Add(new UnencodedMeasure(Text(u.Ref, "ref", ue, u.At), Text(u.Text, "text", ue, u.At), Text(u.Reason, "reason", ue, u.At)));
            }
            if (n.Rule is null) { Problem(element, "has no rule", n.At); continue; }
            rulePlaces[code] = n.Rule.At;
            var rule = Rule(n.Rule, code, element + " rule");
            if (rule is not null)
                needs.Add(new NeedDefinition(code, headline, needTitle, scope, rule) { Note = n.Note, Identification = n.Identification ?? [], Unencoded = unencoded });
        }
        if (needs.Count == 0 && problems.Count == before) Problem("needs", "a framework needs at least one need", document.At);
        var orMet = new List<string>();
        foreach (var route in claim?.OrMet ?? [])
        {
            // need:ref names one node of a need's rule by the document's number for it.
            var (code, reference) = route.Split(':', 2) is [var c, var r] ? (c, r) : (route, "");
            var node = needs.FirstOrDefault(n => n.Code == code) is { } need
                ? need.Rule.Nodes().FirstOrDefault(x => x.Ref == reference) : null;
            if (node is null) Problem("claim.or_met", $"'{route}' does not name a rule node as need:ref (a need of the framework and the ref of a node of its rule)", claim!.At);
            else orMet.Add(node.Id);
        }

        CheckVocabularies();
        // Values each argument's type allows but a measure cannot use (with the defaults; a run's overrides are checked
        // when it binds them), for every need whose rule parsed.
        foreach (var (need, problem) in Framework.ArgumentProblems(needs, ParameterSet.Create(_parameters)))
            Problem($"need {need} rule", problem, rulePlaces.GetValueOrDefault(need));
        if (problems.Count > before) return null;
        return new Framework
        {
            Id = id,
            Title = title,
            Version = version,
            Source = source,
            File = document.At.File,
            Headlines = headlines,
            Parameters = _parameters,
            Needs = needs,
            Eligibility = eligibility,
            ClaimDueMonths = due,
            ClaimOrMet = orMet,
            Notes = document.Notes ?? [],
        };
    }

    private void Parameter(ParameterEntry p)
    {
        var name = Text(p.Name, "name", $"parameters[{p.Index}]", p.At);
        _declared.Add(name);
        _parameterPlaces.TryAdd(name, p.At);
        var element = $"parameter {name}";
        if (_parameters.Any(x => x.Name == name)) Problem(element, "is defined twice", p.At);
        if (!Enum.TryParse<ParameterType>(p.Type, true, out var type))
        {
            Problem(element, $"type '{p.Type}' is not one of integer, number, boolean, choice, list", p.At);
            return;
        }
        var choices = p.Choices ?? [];
        if (type == ParameterType.Choice && choices.Count == 0) Problem(element, "a choice needs choices", p.At);
        var meaning = Text(p.Meaning, "meaning", element, p.At);
        var draft = new ParameterDefinition(name, type, "", meaning, choices) { Minimum = Bound("min", p.Min), Maximum = Bound("max", p.Max) };
        if (draft.Minimum > draft.Maximum) Problem(element, $"min {draft.Minimum} is greater than max {draft.Maximum}", p.At);
        object? value = null;
        try
        {
            value = p.Default switch
            {
                List<object?> list => draft.Parse(string.Join(",", list)),
                string s => draft.Parse(s),
                _ => throw new FormatException("a default is required"),
            };
        }
        catch (FormatException e)
        {
            Problem(element, $"default: {e.Message}", p.At);
        }
        if (value is not null) _parameters.Add(draft with { Default = value, Alternatives = Alternatives(draft, value, p, element) });

        // The bounds a number or whole number may take: a default or an override outside them is refused.
        decimal? Bound(string key, string? raw)
        {
            if (raw is null) return null;
            if (type is not (ParameterType.Integer or ParameterType.Number)) { Problem(element, $"{key}: only a number or whole number has bounds", p.At); return null; }
            if (decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var bound)) return bound;
            Problem(element, $"{key}: '{raw}' is not a number", p.At);
            return null;
        }
    }

    // The values a reviewer should also try: each a value of the parameter (its type, choices and bounds), not listed
    // twice; a problem names the alternative's own line and column.
    private List<object> Alternatives(ParameterDefinition draft, object value, ParameterEntry p, string element)
    {
        var alternatives = new List<object>();
        var places = new List<Place>();
        foreach (var (raw, at) in p.Alternatives ?? [])
        {
            try
            {
                var alternative = raw switch
                {
                    List<object?> list => draft.Parse(string.Join(",", list)),
                    string s => draft.Parse(s),
                    _ => throw new FormatException($"is not {Article(draft.Type)}"),
                };
                var text = ParameterDefinition.Format(alternative);
                // The default among them is left out (a framework may make a base's alternative its default).
                if (text == ParameterDefinition.Format(value)) continue;
                if (alternatives.Any(a => ParameterDefinition.Format(a) == text)) Problem(element, $"alternatives: '{text}' is listed twice", at);
                else
                {
                    alternatives.Add(alternative);
                    places.Add(at);
                }
            }
            catch (FormatException e)
            {
                Problem(element, $"alternatives: {e.Message}", at);
            }
        }
        _alternativePlaces[draft.Name] = places;
        return alternatives;
    }

    private ArgumentValue? Argument(object? raw, ParameterType type, string element, Place? at, IReadOnlyList<string>? choices = null)
    {
        if (raw is string s && s.StartsWith('$'))
        {
            var name = s[1..];
            var p = _parameters.FirstOrDefault(x => x.Name == name);
            if (p is null) { Problem(element, $"refers to unknown parameter '{s}'", at); return null; }
            if (p.Type != type && !(type == ParameterType.Number && p.Type == ParameterType.Integer))
                Problem(element, $"refers to parameter '{s}' of type {p.Type.ToString().ToLowerInvariant()}, but needs {type.ToString().ToLowerInvariant()}", at);
            else StandsFor(p, type, choices, element, at);
            return new ArgumentValue(null, name);
        }
        var draft = new ParameterDefinition(element, type, "", "", choices ?? []);
        try
        {
            return raw switch
            {
                List<object?> list => new ArgumentValue(draft.Parse(string.Join(",", list)), null),
                string text => new ArgumentValue(draft.Parse(text), null),
                null => throw new FormatException($"is missing (expected {Article(type)})"),
                _ => throw new FormatException($"'{raw}' is not {Article(type)}"),
            };
        }
        catch (FormatException e)
        {
            Problem(element, e.Message, at);
            return null;
        }
    }

    private static string Article(ParameterType type) => type is ParameterType.Integer ? "an integer" : "a " + type.ToString().ToLowerInvariant();

    // A parameter standing for an argument: a list of controlled values takes that vocabulary (checked below), and
    // a choice may offer only the choices the argument knows.
    private void StandsFor(ParameterDefinition p, ParameterType type, IReadOnlyList<string>? choices, string element, Place? at)
    {
        if (type == ParameterType.List && choices is { Count: > 0 }) _vocabularyUses.Add((p.Name, choices, element, at ?? document.At));
        CheckChoices(p, choices, element);
    }

    // A choice parameter standing for an argument (or read by a measure) may offer only the choices the SQL knows:
    // any other would fall through to the SQL's last case without a word.
    private void CheckChoices(ParameterDefinition p, IReadOnlyList<string>? choices, string element)
    {
        if (p.Type != ParameterType.Choice || choices is not { Count: > 0 }) return;
        foreach (var unknown in p.Choices.Where(c => !choices.Contains(c, StringComparer.Ordinal)))
            Problem($"parameter {p.Name}", $"offers the choice '{unknown}', which {element} does not know (it takes {string.Join(", ", choices)})", _parameterPlaces[p.Name]);
    }

    // The parameters a measure kind reads directly must be defined, of the right type; each is reported once.
    private void CheckReadParameters(MeasureKind kind, string element, Place at)
    {
        foreach (var read in kind.FrameworkParameters)
        {
            var p = _parameters.FirstOrDefault(x => x.Name == read.Name);
            if (p is null)
            {
                if (!_declared.Contains(read.Name) && _missingReported.Add(read.Name))
                    Problem(element, $"{kind.Name} reads the {read.Type.ToString().ToLowerInvariant()} parameter '{read.Name}' ({read.Meaning}), which this framework does not define", at);
            }
            else if (p.Type != read.Type)
                Problem($"parameter {p.Name}", $"must be of type {read.Type.ToString().ToLowerInvariant()}, as {kind.Name} reads it", _parameterPlaces[p.Name]);
            else CheckChoices(p, read.Choices, $"{kind.Name} ({element})");
        }
    }

    private RuleNode? Rule(RuleEntry entry, string id, string element)
    {
        if (entry.Empty) return null;
        if (entry.Combine is { } key)
        {
            if (entry.Mixed) Problem(element, $"{key} cannot be combined with other keys", entry.At);
            if (entry.Parts is not { Count: >= 2 } items) { Problem(element, $"{key} needs a list of at least two parts", entry.At); return null; }
            var parts = items.Select((x, j) => x is null ? null : Rule(x, $"{id}/{key}/{j + 1}", $"{element}.{key}[{j + 1}]")).ToList();
            if (parts.Any(p => p is null)) return null;
            return key == "all_of"
                ? new AllOf(parts!) { Id = id, Ref = entry.Ref, Note = entry.Note }
                : new AnyOf(parts!) { Id = id, Ref = entry.Ref, Note = entry.Note };
        }
        if (entry.Measure is not { } kindName) { Problem(element, "needs a measure, all_of or any_of", entry.At); return null; }
        var kind = MeasureKinds.Find(kindName);
        if (kind is null)
        {
            Problem(element, $"unknown measure kind '{kindName}' (known: {string.Join(", ", MeasureKinds.All.Select(k => k.Name))})", entry.At);
            return null;
        }
        CheckReadParameters(kind, element, entry.At);
        var arguments = new Dictionary<string, ArgumentValue>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (name, value, at) in entry.Arguments)
        {
            var definition = kind.Arguments.FirstOrDefault(a => a.Name == name);
            if (definition is null)
            {
                Problem(element, $"{kindName} has no argument '{name}' (it takes: {string.Join(", ", kind.Arguments.Select(a => a.Name))})", at);
                ok = false;
                continue;
            }
            var argument = Argument(value, definition.Type, $"{element}.{name}", at, definition.Choices);
            if (argument is null) ok = false;
            else arguments[name] = argument;
        }
        foreach (var a in kind.Arguments.Where(a => !arguments.ContainsKey(a.Name)))
        {
            if (a.Default is not null)
            {
                if (a.Default.Parameter is { } p && _parameters.All(x => x.Name != p))
                {
                    Problem(element, $"{kindName} defaults {a.Name} to ${p}, which this framework does not define; give {a.Name} explicitly or define the parameter", entry.At);
                    ok = false;
                }
                else arguments[a.Name] = a.Default;
            }
            else { Problem(element, $"{kindName} needs the argument '{a.Name}'", entry.At); ok = false; }
            if (a.Default?.Parameter is { } used && _parameters.FirstOrDefault(x => x.Name == used) is { } defined)
                StandsFor(defined, a.Type, a.Choices, $"{element}.{a.Name}", entry.At);
        }
        return ok ? new MeasureNode(kindName, arguments) { Id = id, Ref = entry.Ref, Note = entry.Note } : null;
    }

    // Such a parameter takes the vocabulary as its choices: its default is checked here, an override when a run
    // binds it (a misspelt type would otherwise match no record and pass every family).
    private void CheckVocabularies()
    {
        foreach (var uses in _vocabularyUses.GroupBy(u => u.Parameter))
        {
            var index = _parameters.FindIndex(x => x.Name == uses.Key);
            if (index < 0 || _parameters[index].Type != ParameterType.List) continue;
            var vocabularies = uses.Select(u => u.Values).Distinct().ToList();
            if (vocabularies.Count > 1)
            {
                Problem($"parameter {uses.Key}", $"is used for lists of different kinds of value ({string.Join(", ", uses.Select(u => u.Element))})", _parameterPlaces[uses.Key]);
                continue;
            }
            var parameter = _parameters[index] with { Choices = vocabularies[0] };
            try
            {
                parameter.Parse(ParameterDefinition.Format(parameter.Default));
                _parameters[index] = parameter;
            }
            catch (FormatException e)
            {
                Problem($"parameter {parameter.Name}", $"default: {e.Message}", _parameterPlaces[parameter.Name]);
            }
            // Its alternatives take the same vocabulary.
            for (var i = 0; i < parameter.Alternatives.Count; i++)
            {
                try
                {
                    parameter.Parse(ParameterDefinition.Format(parameter.Alternatives[i]));
                }
                catch (FormatException e)
                {
                    Problem($"parameter {parameter.Name}", $"alternatives: {e.Message}", _alternativePlaces[parameter.Name][i]);
                }
            }
        }
    }
}
