using System.Globalization;
using OutcomeAnalytics.Internal;
using OutcomeAnalytics.Model.Measures;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OutcomeAnalytics.Model;

/// <summary>
/// Reads framework models (<c>models/frameworks/*.yaml</c>) and checks them completely: every problem is
/// reported at once, with its file and element (unknown measure kind, unknown argument or parameter, bad
/// value, need without a rule, duplicate code).
/// </summary>
public static class FrameworkLoader
{
    private static readonly Lazy<IReadOnlyList<Framework>> BuiltIn = new(() =>
    {
        var assembly = typeof(FrameworkLoader).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("models/frameworks/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Parse(n, EmbeddedText.Read(assembly, n)))
            .ToList();
    });

    /// <summary>The frameworks shipped with the toolkit.</summary>
    public static IReadOnlyList<Framework> BuiltInFrameworks => BuiltIn.Value;

    /// <summary>The built-in framework with that id.</summary>
    /// <exception cref="KeyNotFoundException">No such framework.</exception>
    public static Framework Get(string id) =>
        BuiltInFrameworks.FirstOrDefault(f => f.Id == id)
        ?? throw new KeyNotFoundException($"There is no framework '{id}' (known: {string.Join(", ", BuiltInFrameworks.Select(f => f.Id))}).");

    /// <summary>
    /// A built-in framework by id, or a framework file by path (a file ending <c>.yaml</c> or <c>.yml</c>, or any
    /// existing file): a reviewer's own local plan written in the model's format, checked as a built-in one is.
    /// </summary>
    /// <exception cref="KeyNotFoundException">Neither a built-in id nor a framework file.</exception>
    /// <exception cref="ModelValidationException">The file has problems; all are listed, with the file named.</exception>
    public static Framework Resolve(string idOrFile)
    {
        if (BuiltInFrameworks.FirstOrDefault(f => f.Id == idOrFile) is { } builtIn) return builtIn;
        if (File.Exists(idOrFile)) return Parse(idOrFile, File.ReadAllText(idOrFile));
        throw new KeyNotFoundException(idOrFile.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || idOrFile.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? $"The framework file '{idOrFile}' does not exist."
            : $"There is no framework '{idOrFile}' (known: {string.Join(", ", BuiltInFrameworks.Select(f => f.Id))}; or give the path of a framework YAML file).");
    }

    /// <summary>Parses and checks one framework file.</summary>
    /// <exception cref="ModelValidationException">The model has problems; all are listed.</exception>
    public static Framework Parse(string file, string yaml)
    {
        var problems = new List<ModelProblem>();
        void Problem(string element, string message) => problems.Add(new ModelProblem(file, element, message));
        Dictionary<object, object>? root = null;
        try
        {
            Internal.YamlGuard.Check(yaml);
            root = new DeserializerBuilder().WithNamingConvention(NullNamingConvention.Instance).Build()
                .Deserialize<Dictionary<object, object>>(yaml);
        }
        catch (YamlException e)
        {
            Problem($"line {e.Start.Line}", e.InnerException?.Message ?? e.Message);
        }
        if (root is null)
        {
            if (problems.Count == 0) Problem("file", "is empty");
            throw new ModelValidationException("framework model", problems);
        }

        // A key the model does not know is reported, not ignored: a misspelt one (a rule's "tittle", a claim's
        // "due_months") would otherwise leave its element at the default without a word.
        void Keys(Dictionary<object, object>? map, string element, params string[] known)
        {
            foreach (var key in map?.Keys.Select(k => k.ToString()!).Where(k => !known.Contains(k, StringComparer.Ordinal)) ?? [])
                if (element is "") Problem(key, $"is not a framework element ({string.Join(", ", known)})");
                else Problem(element, $"has an unknown element '{key}' (it takes: {string.Join(", ", known)})");
        }
        Keys(root, "", "framework", "title", "version", "source", "headlines", "parameters", "eligibility", "claim", "needs");

        string Text(Dictionary<object, object> map, string key, string element)
        {
            if (map.TryGetValue(key, out var v) && v is string s && s.Trim().Length > 0) return s.Trim();
            Problem(element, $"needs a {key}");
            return "";
        }

        var id = Text(root, "framework", "framework");
        var (frameworkTitle, version, source) = (Text(root, "title", "title"), Text(root, "version", "version"), Text(root, "source", "source"));
        var headlines = new List<Headline>();
        foreach (var (h, i) in List(root, "headlines").Select((h, i) => (h, i)))
        {
            Keys(h as Dictionary<object, object>, $"headlines[{i}]", "number", "title");
            if (h is Dictionary<object, object> m && int.TryParse(Get(m, "number") as string, CultureInfo.InvariantCulture, out var number))
                headlines.Add(new Headline(number, Text(m, "title", $"headlines[{i}]")));
            else Problem($"headlines[{i}]", "needs a number and a title");
        }

        var parameters = new List<ParameterDefinition>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (p, i) in List(root, "parameters").Select((p, i) => (p, i)))
        {
            if (p is not Dictionary<object, object> m) { Problem($"parameters[{i}]", "is not a mapping"); continue; }
            var name = Text(m, "name", $"parameters[{i}]");
            declared.Add(name);
            var element = $"parameter {name}";
            Keys(m, element, "name", "type", "default", "meaning", "choices", "min", "max");
            if (parameters.Any(x => x.Name == name)) Problem(element, "is defined twice");
            if (!Enum.TryParse<ParameterType>(Get(m, "type") as string, true, out var type))
            {
                Problem(element, $"type '{Get(m, "type")}' is not one of integer, number, boolean, choice, list");
                continue;
            }
            var choices = (Get(m, "choices") as List<object>)?.Select(c => c.ToString()!).ToList() ?? [];
            if (type == ParameterType.Choice && choices.Count == 0) Problem(element, "a choice needs choices");
            var meaning = Text(m, "meaning", element);
            var draft = new ParameterDefinition(name, type, "", meaning, choices) { Minimum = Bound("min"), Maximum = Bound("max") };
            if (draft.Minimum > draft.Maximum) Problem(element, $"min {draft.Minimum} is greater than max {draft.Maximum}");
            object? value = null;
            try
            {
                value = Get(m, "default") switch
                {
                    List<object> list => draft.Parse(string.Join(",", list)),
                    string s => draft.Parse(s),
                    _ => throw new FormatException("a default is required"),
                };
            }
            catch (FormatException e)
            {
                Problem(element, $"default: {e.Message}");
            }
            if (value is not null) parameters.Add(draft with { Default = value });

            // The bounds a number or whole number may take: a default or an override outside them is refused.
            decimal? Bound(string key)
            {
                if (Get(m, key) is not { } raw) return null;
                if (type is not (ParameterType.Integer or ParameterType.Number)) { Problem(element, $"{key}: only a number or whole number has bounds"); return null; }
                if (decimal.TryParse(raw as string, NumberStyles.Number, CultureInfo.InvariantCulture, out var bound)) return bound;
                Problem(element, $"{key}: '{raw}' is not a number");
                return null;
            }
        }
        // Every framework's windows count terms (the outcome terms at T, the baseline terms before A), and needs
        // such as the pupils' scope use them whatever the measures; so these are required of every model.
        foreach (var required in Framework.TermWindowParameters.Where(r => !declared.Contains(r)))
            Problem("parameters", $"needs the integer parameter '{required}' (the number of terms in a window)");
        foreach (var p in parameters.Where(p => Framework.TermWindowParameters.Contains(p.Name) && p.Type != ParameterType.Integer))
            Problem($"parameter {p.Name}", "must be of type integer (a number of terms)");

        // List parameters that arguments drawing on a controlled vocabulary refer to (incident types, services...).
        var vocabularyUses = new List<(string Parameter, IReadOnlyList<string> Values, string Element)>();

        ArgumentValue? Argument(object? raw, ParameterType type, string element, IReadOnlyList<string>? choices = null)
        {
            if (raw is string s && s.StartsWith('$'))
            {
                var name = s[1..];
                var p = parameters.FirstOrDefault(x => x.Name == name);
                if (p is null) { Problem(element, $"refers to unknown parameter '{s}'"); return null; }
                if (p.Type != type && !(type == ParameterType.Number && p.Type == ParameterType.Integer))
                    Problem(element, $"refers to parameter '{s}' of type {p.Type.ToString().ToLowerInvariant()}, but needs {type.ToString().ToLowerInvariant()}");
                else StandsFor(p, type, choices, element);
                return new ArgumentValue(null, name);
            }
            var draft = new ParameterDefinition(element, type, "", "", choices ?? []);
            try
            {
                return raw switch
                {
                    List<object> list => new ArgumentValue(draft.Parse(string.Join(",", list)), null),
                    string text => new ArgumentValue(draft.Parse(text), null),
                    null => throw new FormatException($"is missing (expected {Article(type)})"),
                    _ => throw new FormatException($"'{raw}' is not {Article(type)}"),
                };
            }
            catch (FormatException e)
            {
                Problem(element, e.Message);
                return null;
            }
        }

        // A parameter standing for an argument: a list of controlled values takes that vocabulary (checked below), and
        // a choice may offer only the choices the argument knows.
        void StandsFor(ParameterDefinition p, ParameterType type, IReadOnlyList<string>? choices, string element)
        {
            if (type == ParameterType.List && choices is { Count: > 0 }) vocabularyUses.Add((p.Name, choices, element));
            CheckChoices(p, choices, element);
        }

        // A choice parameter standing for an argument (or read by a measure) may offer only the choices the SQL knows:
        // any other would fall through to the SQL's last case without a word.
        void CheckChoices(ParameterDefinition p, IReadOnlyList<string>? choices, string element)
        {
            if (p.Type != ParameterType.Choice || choices is not { Count: > 0 }) return;
            foreach (var unknown in p.Choices.Where(c => !choices.Contains(c, StringComparer.Ordinal)))
                Problem($"parameter {p.Name}", $"offers the choice '{unknown}', which {element} does not know (it takes {string.Join(", ", choices)})");
        }

        // The parameters a measure kind reads directly must be defined, of the right type; each is reported once.
        var missingReported = new HashSet<string>(StringComparer.Ordinal);
        void CheckReadParameters(MeasureKind kind, string element)
        {
            foreach (var read in kind.FrameworkParameters)
            {
                var p = parameters.FirstOrDefault(x => x.Name == read.Name);
                if (p is null)
                {
                    if (!declared.Contains(read.Name) && missingReported.Add(read.Name))
                        Problem(element, $"{kind.Name} reads the {read.Type.ToString().ToLowerInvariant()} parameter '{read.Name}' ({read.Meaning}), which this framework does not define");
                }
                else if (p.Type != read.Type)
                    Problem($"parameter {p.Name}", $"must be of type {read.Type.ToString().ToLowerInvariant()}, as {kind.Name} reads it");
                else CheckChoices(p, read.Choices, $"{kind.Name} ({element})");
            }
        }

        var eligibilityMap = Get(root, "eligibility") as Dictionary<object, object>;
        if (eligibilityMap is null) Problem("eligibility", "is missing");
        Keys(eligibilityMap, "eligibility", "min_needs", "count", "prerequisites");
        var eligibility = new EligibilityRule(
            Argument(Get(eligibilityMap, "min_needs"), ParameterType.Integer, "eligibility.min_needs") ?? new ArgumentValue(3, null),
            Argument(Get(eligibilityMap, "count") ?? "needs", ParameterType.Choice, "eligibility.count", ["needs", "headlines"]) ?? new ArgumentValue("needs", null),
            (Get(eligibilityMap, "prerequisites") as List<object>)?.Select(x => x.ToString()!).ToList() ?? []);
        foreach (var p in eligibility.Prerequisites.Where(p => p is not ("lead_practitioner" or "whole_family_assessment" or "family_plan")))
            Problem("eligibility.prerequisites", $"'{p}' is not a boolean column of families (lead_practitioner, whole_family_assessment, family_plan)");
        var claimMap = Get(root, "claim") as Dictionary<object, object>;
        Keys(claimMap, "claim", "due_months_after_closure");
        var due = Argument(Get(claimMap, "due_months_after_closure"), ParameterType.Integer, "claim.due_months_after_closure") ?? new ArgumentValue(6, null);

        var needs = new List<NeedDefinition>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (n, i) in List(root, "needs").Select((n, i) => (n, i)))
        {
            if (n is not Dictionary<object, object> m) { Problem($"needs[{i}]", "is not a mapping"); continue; }
            var code = Text(m, "code", $"needs[{i}]");
            var element = $"need {code}";
            Keys(m, element, "code", "headline", "title", "scope", "rule");
            if (!codes.Add(code)) Problem(element, "is defined twice (duplicate code)");
            var headline = int.TryParse(Get(m, "headline") as string, CultureInfo.InvariantCulture, out var h) ? h : 0;
            if (headlines.All(x => x.Number != headline)) Problem(element, $"headline '{Get(m, "headline")}' is not a headline of the framework");
            var title = Text(m, "title", element);
            var scopeText = (Get(m, "scope") as string ?? "").Replace("_", "", StringComparison.Ordinal);
            if (!Enum.TryParse<Scope>(scopeText, true, out var scope))
                Problem(element, $"scope '{Get(m, "scope")}' is not one of family, person, child, young_person, adult, pupil");
            var ruleRaw = Get(m, "rule");
            if (ruleRaw is null) { Problem(element, "has no rule"); continue; }
            var rule = ParseRule(ruleRaw, code, element + " rule");
            if (rule is not null) needs.Add(new NeedDefinition(code, headline, title, scope, rule));
        }
        if (needs.Count == 0 && problems.Count == 0) Problem("needs", "a framework needs at least one need");

        RuleNode? ParseRule(object raw, string id, string element)
        {
            if (raw is not Dictionary<object, object> m) { Problem(element, "is not a mapping"); return null; }
            if (Get(m, "all_of") is { } all || Get(m, "any_of") is { } _)
            {
                var isAll = m.ContainsKey("all_of");
                var key = isAll ? "all_of" : "any_of";
                if (m.Count != 1) Problem(element, $"{key} cannot be combined with other keys");
                if (m[key] is not List<object> items || items.Count < 2) { Problem(element, $"{key} needs a list of at least two parts"); return null; }
                var parts = items.Select((x, j) => ParseRule(x, $"{id}/{key}/{j + 1}", $"{element}.{key}[{j + 1}]")).ToList();
                if (parts.Any(p => p is null)) return null;
                return isAll ? new AllOf(parts!) { Id = id } : new AnyOf(parts!) { Id = id };
            }
            if (Get(m, "measure") is not string kindName) { Problem(element, "needs a measure, all_of or any_of"); return null; }
            var kind = MeasureKinds.Find(kindName);
            if (kind is null)
            {
                Problem(element, $"unknown measure kind '{kindName}' (known: {string.Join(", ", MeasureKinds.All.Select(k => k.Name))})");
                return null;
            }
            CheckReadParameters(kind, element);
            var arguments = new Dictionary<string, ArgumentValue>(StringComparer.Ordinal);
            var ok = true;
            foreach (var (key, value) in m.Select(kv => (kv.Key.ToString()!, kv.Value)).Where(kv => kv.Item1 != "measure"))
            {
                var definition = kind.Arguments.FirstOrDefault(a => a.Name == key);
                if (definition is null)
                {
                    Problem(element, $"{kindName} has no argument '{key}' (it takes: {string.Join(", ", kind.Arguments.Select(a => a.Name))})");
                    ok = false;
                    continue;
                }
                var argument = Argument(value, definition.Type, $"{element}.{key}", definition.Choices);
                if (argument is null) ok = false;
                else arguments[key] = argument;
            }
            foreach (var a in kind.Arguments.Where(a => !arguments.ContainsKey(a.Name)))
            {
                if (a.Default is not null) arguments[a.Name] = a.Default.Parameter is { } p && parameters.All(x => x.Name != p)
                    ? Fail($"{kindName} defaults {a.Name} to ${p}, which this framework does not define; give {a.Name} explicitly or define the parameter")
                    : a.Default;
                else { Problem(element, $"{kindName} needs the argument '{a.Name}'"); ok = false; }
                if (a.Default?.Parameter is { } used && parameters.FirstOrDefault(x => x.Name == used) is { } defined)
                    StandsFor(defined, a.Type, a.Choices, $"{element}.{a.Name}");
            }
            return ok ? new MeasureNode(kindName, arguments) { Id = id } : null;

            ArgumentValue Fail(string message)
            {
                Problem(element, message);
                ok = false;
                return new ArgumentValue(0, null);
            }
        }

        // Such a parameter takes the vocabulary as its choices: its default is checked here, an override when a run
        // binds it (a misspelt type would otherwise match no record and pass every family).
        foreach (var uses in vocabularyUses.GroupBy(u => u.Parameter))
        {
            var index = parameters.FindIndex(x => x.Name == uses.Key);
            if (index < 0 || parameters[index].Type != ParameterType.List) continue;
            var vocabularies = uses.Select(u => u.Values).Distinct().ToList();
            if (vocabularies.Count > 1)
            {
                Problem($"parameter {uses.Key}", $"is used for lists of different kinds of value ({string.Join(", ", uses.Select(u => u.Element))})");
                continue;
            }
            var parameter = parameters[index] with { Choices = vocabularies[0] };
            try
            {
                parameter.Parse(ParameterDefinition.Format(parameter.Default));
                parameters[index] = parameter;
            }
            catch (FormatException e)
            {
                Problem($"parameter {parameter.Name}", $"default: {e.Message}");
            }
        }

        // Values each argument's type allows but a measure cannot use (with the defaults; a run's overrides are checked
        // when it binds them), for every need whose rule parsed.
        foreach (var (need, problem) in Framework.ArgumentProblems(needs, ParameterSet.Create(parameters)))
            Problem($"need {need} rule", problem);
        if (problems.Count > 0) throw new ModelValidationException("framework model", problems);
        return new Framework
        {
            Id = id,
            Title = frameworkTitle,
            Version = version,
            Source = source,
            File = file,
            Headlines = headlines,
            Parameters = parameters,
            Needs = needs,
            Eligibility = eligibility,
            ClaimDueMonths = due,
        };
    }

    private static string Article(ParameterType type) => type is ParameterType.Integer ? "an integer" : "a " + type.ToString().ToLowerInvariant();

    private static object? Get(Dictionary<object, object>? map, string key) =>
        map is not null && map.TryGetValue(key, out var v) ? v : null;

    private static List<object> List(Dictionary<object, object> map, string key) =>
        Get(map, key) as List<object> ?? [];
}
