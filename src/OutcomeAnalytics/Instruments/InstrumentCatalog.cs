using DuckDB.NET.Data;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Internal;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OutcomeAnalytics.Instruments;

/// <summary>Which direction of a score is better.</summary>
public enum Better
{
    /// <summary>A lower score is better (difficulties, distress).</summary>
    Lower,
    /// <summary>A higher score is better (wellbeing, strengths).</summary>
    Higher,
}

/// <summary>A band of scores, such as 17 to 40 "abnormal".</summary>
public sealed record ScoreBand(decimal From, decimal To, string Label);

/// <summary>One scale of a validated instrument.</summary>
/// <param name="Instrument">The instrument code.</param>
/// <param name="Scale">The scale name.</param>
/// <param name="Min">The lowest possible score.</param>
/// <param name="Max">The highest possible score.</param>
/// <param name="Better">Which direction is better.</param>
/// <param name="ReliableChange">The smallest reliable improvement whoever answered, or null when none is published (see <see cref="ReliableChangeByInformant"/>).</param>
/// <param name="Note">Where the values come from.</param>
public sealed record InstrumentScale(string Instrument, string Scale, decimal Min, decimal Max, Better Better, decimal? ReliableChange, string? Note)
{
    /// <summary>The direction as the model file and the database write it: <c>lower</c> or <c>higher</c>.</summary>
    public string Direction => Better == Better.Lower ? "lower" : "higher";

    /// <summary>Bands by informant (<c>any</c> when they do not depend on who answered); empty when none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ScoreBand>> Bands { get; init; } = new Dictionary<string, IReadOnlyList<ScoreBand>>();

    /// <summary>
    /// The reliable change by informant where it depends on who answered (the SDQ): Jacobson and Truax's
    /// 1.96 × SD × √(2(1 − r)) from each informant's standard deviation and reliability. Empty when one value
    /// (<see cref="ReliableChange"/>) serves every informant.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> ReliableChangeByInformant { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The smallest reliable improvement for an answer by <paramref name="informant"/>, or null when none is known.</summary>
    public decimal? ReliableChangeFor(string informant) =>
        ReliableChangeByInformant.Count == 0 ? ReliableChange : ReliableChangeByInformant.TryGetValue(informant, out var value) ? value : null;
}

/// <summary>A validated questionnaire and its scales.</summary>
/// <param name="Id">The instrument code used in extracts.</param>
/// <param name="Title">Its name.</param>
/// <param name="Source">Where its values come from.</param>
/// <param name="Scales">The scales it scores.</param>
/// <param name="Conversion">A raw-to-converted score table applied before comparing scores (SWEMWBS metric scores), or empty.</param>
public sealed record Instrument(string Id, string Title, string Source, IReadOnlyList<InstrumentScale> Scales, IReadOnlyDictionary<decimal, decimal> Conversion)
{
    /// <summary>The scale of that name, or null.</summary>
    public InstrumentScale? Scale(string name) => Scales.FirstOrDefault(s => s.Scale == name);
}

/// <summary>The instruments reference data (<c>models/instruments/instruments.yaml</c>).</summary>
public sealed class InstrumentCatalog
{
    /// <summary>Every instrument, in file order.</summary>
    public IReadOnlyList<Instrument> Instruments { get; }

    private InstrumentCatalog(IReadOnlyList<Instrument> instruments) => Instruments = instruments;

    /// <summary>The DDL of the reference tables <see cref="Store"/> writes: <c>instrument_scales</c> and <c>instrument_conversions</c>.</summary>
    public static string Ddl { get; } = string.Join(";\n",
        "CREATE OR REPLACE TABLE instrument_scales (instrument VARCHAR NOT NULL, scale VARCHAR NOT NULL, min_score DECIMAL(18,4) NOT NULL, "
            + "max_score DECIMAL(18,4) NOT NULL, better VARCHAR NOT NULL, reliable_change DECIMAL(18,4), PRIMARY KEY (instrument, scale))",
        "CREATE OR REPLACE TABLE instrument_conversions (instrument VARCHAR NOT NULL, raw DECIMAL(18,4) NOT NULL, converted DECIMAL(18,4) NOT NULL, PRIMARY KEY (instrument, raw))") + ";";

    /// <summary>Rewrites the reference tables (scales, ranges, conversions) in the database, in one transaction.</summary>
    public void Store(DuckDBConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        connection.Execute(Ddl);
        // DuckDB.NET's appender: one call per row, no statement to prepare each time.
        using (var scales = connection.CreateAppender("instrument_scales"))
            foreach (var s in AllScales)
                scales.CreateRow().AppendValue(s.Instrument).AppendValue(s.Scale).AppendValue(s.Min).AppendValue(s.Max)
                    .AppendValue(s.Direction).AppendValue(s.ReliableChange).EndRow();
        using (var conversions = connection.CreateAppender("instrument_conversions"))
            foreach (var i in Instruments)
                foreach (var (raw, converted) in i.Conversion)
                    conversions.CreateRow().AppendValue(i.Id).AppendValue(raw).AppendValue(converted).EndRow();
        transaction.Commit();
    }

    /// <summary>Who can answer a questionnaire: the values of <c>assessments.informant</c> in the data dictionary.</summary>
    public static IReadOnlyList<string> Informants => DataDictionary.Default["assessments"].Column("informant")!.Values;

    /// <summary>The instrument with that id (case-insensitive), or null.</summary>
    public Instrument? Find(string id) =>
        Instruments.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every scale of every instrument.</summary>
    public IEnumerable<InstrumentScale> AllScales => Instruments.SelectMany(i => i.Scales);

    private static readonly Lazy<InstrumentCatalog> BuiltIn = new(() =>
    {
        const string name = "models/instruments/instruments.yaml";
        return Parse(name, EmbeddedText.Read(typeof(InstrumentCatalog).Assembly, name));
    });

    /// <summary>The catalogue shipped with the toolkit.</summary>
    public static InstrumentCatalog Default => BuiltIn.Value;

    /// <summary>Parses a catalogue, reporting every problem at once.</summary>
    /// <exception cref="ModelValidationException">The file has problems.</exception>
    public static InstrumentCatalog Parse(string file, string yaml)
    {
        var problems = new List<ModelProblem>();
        CatalogYaml? dto = null;
        try
        {
            dto = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<CatalogYaml>(yaml);
        }
        catch (YamlException e)
        {
            problems.Add(new ModelProblem(file, $"line {e.Start.Line}", e.InnerException?.Message ?? e.Message));
        }
        var instruments = new List<Instrument>();
        foreach (var i in dto?.Instruments ?? [])
        {
            var element = i.Id ?? "(instrument without id)";
            if (string.IsNullOrWhiteSpace(i.Id)) problems.Add(new ModelProblem(file, element, "has no id"));
            if (string.IsNullOrWhiteSpace(i.Source)) problems.Add(new ModelProblem(file, element, "has no source"));
            if (instruments.Any(x => x.Id == i.Id)) problems.Add(new ModelProblem(file, element, "is defined twice"));
            var scales = new List<InstrumentScale>();
            foreach (var s in i.Scales ?? [])
            {
                var se = $"{element}.{s.Scale}";
                if (string.IsNullOrWhiteSpace(s.Scale)) problems.Add(new ModelProblem(file, se, "a scale has no name"));
                if (s.Min is null || s.Max is null || s.Min > s.Max) problems.Add(new ModelProblem(file, se, "needs min ≤ max"));
                Better better = default;
                if (s.Better == "lower") better = Better.Lower;
                else if (s.Better == "higher") better = Better.Higher;
                else problems.Add(new ModelProblem(file, se, $"better '{s.Better}' is not lower or higher"));
                if (s.ReliableChange is <= 0) problems.Add(new ModelProblem(file, se, "reliable_change must be positive"));
                var byInformant = new Dictionary<string, decimal>(StringComparer.Ordinal);
                if (s.ReliableChange is not null && s.ReliableChangeByInformant is { Count: > 0 })
                    problems.Add(new ModelProblem(file, se, "has both reliable_change and reliable_change_by_informant: give one"));
                foreach (var (informant, stats) in s.ReliableChangeByInformant ?? [])
                {
                    var ie = $"{se}.reliable_change_by_informant.{informant}";
                    if (!Informants.Contains(informant)) problems.Add(new ModelProblem(file, ie, $"'{informant}' is not an informant ({string.Join(", ", Informants)})"));
                    if (stats.Sd is not > 0) problems.Add(new ModelProblem(file, ie, "needs sd, a standard deviation above 0"));
                    if (stats.R is not (>= 0 and < 1)) problems.Add(new ModelProblem(file, ie, "needs r, a reliability from 0 up to (not including) 1"));
                    if (stats.Sd is > 0 && stats.R is >= 0 and < 1)
                        byInformant[informant] = Math.Round(1.96m * stats.Sd.Value * (decimal)Math.Sqrt(2 * (1 - (double)stats.R.Value)), 4);
                }
                var bands = new Dictionary<string, IReadOnlyList<ScoreBand>>(StringComparer.Ordinal);
                foreach (var (informant, texts) in s.Bands ?? [])
                {
                    var list = new List<ScoreBand>();
                    foreach (var text in texts)
                    {
                        var match = System.Text.RegularExpressions.Regex.Match(text, @"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?) (.+)$");
                        if (!match.Success) { problems.Add(new ModelProblem(file, $"{se}.bands.{informant}", $"'{text}' is not 'from-to label'")); continue; }
                        list.Add(new ScoreBand(decimal.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                            decimal.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[3].Value));
                    }
                    if (list.Count > 0 && (list[0].From != s.Min || list[^1].To != s.Max || list.Zip(list.Skip(1)).Any(p => p.Second.From != p.First.To + 1)))
                        problems.Add(new ModelProblem(file, $"{se}.bands.{informant}", $"bands must run from {s.Min} to {s.Max} without gaps or overlaps"));
                    bands[informant] = list;
                }
                scales.Add(new InstrumentScale(i.Id ?? "", s.Scale ?? "", s.Min ?? 0, s.Max ?? 0, better, s.ReliableChange, s.Note) { Bands = bands, ReliableChangeByInformant = byInformant });
            }
            if (scales.Count == 0) problems.Add(new ModelProblem(file, element, "has no scales"));
            var conversion = i.Conversion?.Table ?? [];
            if (i.Conversion is not null && string.IsNullOrWhiteSpace(i.Conversion.Source)) problems.Add(new ModelProblem(file, element + ".conversion", "has no source"));
            // A conversion turns each raw total into the score the rules compare: a raw total it lacks would be
            // compared unconverted, on another scale, and a converted score outside the range could not be banded.
            var total = scales.FirstOrDefault(x => x.Scale == "total");
            // A total without a valid range is reported above; its coverage cannot be checked.
            var totalRangeValid = i.Scales?.FirstOrDefault(x => x.Scale == "total") is { Min: { } low, Max: { } high } && low <= high;
            if (i.Conversion is not null && total is null)
                problems.Add(new ModelProblem(file, element + ".conversion", "converts a total, but the instrument has no total scale"));
            else if (i.Conversion is not null && total is not null && totalRangeValid)
            {
                var missing = Enumerable.Range((int)Math.Ceiling(total.Min), (int)Math.Floor(total.Max) - (int)Math.Ceiling(total.Min) + 1).Where(r => !conversion.ContainsKey(r)).ToList();
                if (missing.Count > 0)
                    problems.Add(new ModelProblem(file, element + ".conversion", $"has no converted score for the raw total(s) {string.Join(", ", missing)} (it must cover {total.Min} to {total.Max})"));
                foreach (var (raw, converted) in conversion.Where(c => c.Value < total.Min || c.Value > total.Max))
                    problems.Add(new ModelProblem(file, element + ".conversion", $"converts {raw} to {converted}, outside the total's range {total.Min} to {total.Max}"));
            }
            instruments.Add(new Instrument(i.Id ?? "", i.Title ?? "", i.Source ?? "", scales, conversion));
        }
        if (problems.Count > 0) throw new ModelValidationException("instruments model", problems);
        return new InstrumentCatalog(instruments);
    }

    private sealed class CatalogYaml
    {
        public List<InstrumentYaml>? Instruments { get; set; }
    }

    private sealed class InstrumentYaml
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Source { get; set; }
        public List<ScaleYaml>? Scales { get; set; }
        public ConversionYaml? Conversion { get; set; }
    }

    private sealed class ConversionYaml
    {
        public string? Source { get; set; }
        public Dictionary<decimal, decimal>? Table { get; set; }
    }

    private sealed class ScaleYaml
    {
        public string? Scale { get; set; }
        public decimal? Min { get; set; }
        public decimal? Max { get; set; }
        public string? Better { get; set; }
        public decimal? ReliableChange { get; set; }
        public Dictionary<string, InformantStatsYaml>? ReliableChangeByInformant { get; set; }
        public string? Note { get; set; }
        public Dictionary<string, List<string>>? Bands { get; set; }
    }

    private sealed class InformantStatsYaml
    {
        public decimal? Sd { get; set; }
        public decimal? R { get; set; }
    }
}
