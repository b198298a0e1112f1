using System.Globalization;
using OutcomeAnalytics.Internal;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OutcomeAnalytics.Model;

/// <summary>One term of the default calendar: its month-day bounds and which calendar year it falls in.</summary>
public sealed record TermDefinition(string Term, int StartMonth, int StartDay, int EndMonth, int EndDay, int YearOffset);

/// <summary>The calendar used when an extract has no term dates (<c>models/calendar/default-terms.yaml</c>).</summary>
public sealed record TermCalendar(string Source, IReadOnlyList<TermDefinition> Terms)
{
    private static readonly Lazy<TermCalendar> BuiltIn = new(() =>
    {
        const string name = "models/calendar/default-terms.yaml";
        return Parse(name, EmbeddedText.Read(typeof(TermCalendar).Assembly, name));
    });

    /// <summary>The default calendar shipped with the toolkit.</summary>
    public static TermCalendar Default => BuiltIn.Value;

    /// <summary>Parses and checks a calendar file (autumn, spring and summer, in that order).</summary>
    /// <exception cref="ModelValidationException">The calendar has problems.</exception>
    public static TermCalendar Parse(string file, string yaml)
    {
        var problems = new List<ModelProblem>();
        CalendarYaml? dto = null;
        try
        {
            dto = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<CalendarYaml>(yaml);
        }
        catch (YamlException e)
        {
            problems.Add(new ModelProblem(file, $"line {e.Start.Line}", e.InnerException?.Message ?? e.Message));
        }
        var terms = new List<TermDefinition>();
        foreach (var t in dto?.Terms ?? [])
        {
            if (!TryMonthDay(t.Start, out var sm, out var sd) || !TryMonthDay(t.End, out var em, out var ed))
            {
                problems.Add(new ModelProblem(file, t.Term ?? "term", "start and end must be month-day, such as 09-01"));
                continue;
            }
            // Every year's terms are made from these month-days, so one must exist in every year.
            if ((sm, sd) == (2, 29) || (em, ed) == (2, 29))
            {
                problems.Add(new ModelProblem(file, t.Term ?? "term", "cannot start or end on 02-29, a day most years do not have"));
                continue;
            }
            terms.Add(new TermDefinition(t.Term ?? "", sm, sd, em, ed, t.YearOffset));
        }
        if (!terms.Select(t => t.Term).SequenceEqual(["autumn", "spring", "summer"]))
            problems.Add(new ModelProblem(file, "terms", "must define autumn, spring and summer, in that order"));
        // Placed in the academic year 2023/24, each term must end on or after its start and before the next term starts,
        // the last before the next year's first.
        static DateOnly On(int offset, int month, int day) => new(2023 + offset, month, day);
        foreach (var t in terms.Where(t => On(t.YearOffset, t.EndMonth, t.EndDay) < On(t.YearOffset, t.StartMonth, t.StartDay)))
            problems.Add(new ModelProblem(file, t.Term, "must end on or after its start"));
        foreach (var (a, b, nextYear) in terms.Zip(terms.Skip(1), (a, b) => (a, b, 0)).Concat(terms.Count > 1 ? [(terms[^1], terms[0], 1)] : []))
            if (On(b.YearOffset + nextYear, b.StartMonth, b.StartDay) <= On(a.YearOffset, a.EndMonth, a.EndDay))
                problems.Add(new ModelProblem(file, b.Term, $"must start after {a.Term}{(nextYear == 1 ? " of the year before" : "")} ends"));
        if (string.IsNullOrWhiteSpace(dto?.Source)) problems.Add(new ModelProblem(file, "source", "is missing"));
        if (problems.Count > 0) throw new ModelValidationException("calendar model", problems);
        return new TermCalendar(dto!.Source!, terms);
    }

    private static bool TryMonthDay(string? text, out int month, out int day)
    {
        month = day = 0;
        return DateOnly.TryParseExact("2024-" + text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && (month = d.Month) > 0 && (day = d.Day) > 0;
    }

    private sealed class CalendarYaml
    {
        public string? Calendar { get; set; }
        public string? Source { get; set; }
        public List<TermYaml>? Terms { get; set; }
    }

    private sealed class TermYaml
    {
        public string? Term { get; set; }
        public string? Start { get; set; }
        public string? End { get; set; }
        public int YearOffset { get; set; }
    }
}
