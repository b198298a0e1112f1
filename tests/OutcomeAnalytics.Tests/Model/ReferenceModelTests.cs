using OutcomeAnalytics.Instruments;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Model;

/// <summary>The reference files of the model (instruments, the default calendar): each problem reported at once, with file and element.</summary>
public sealed class ReferenceModelTests
{
    [Fact]
    public void TheShippedInstrumentsAndCalendar_Load()
    {
        Assert.Equal(35m, InstrumentCatalog.Default.Find("SWEMWBS")!.Conversion[35m]);
        Assert.Equal(["autumn", "spring", "summer"], TermCalendar.Default.Terms.Select(t => t.Term));
    }

    [Theory]
    [InlineData("RCADS", "total", 64, "normal")]
    [InlineData("RCADS", "total", 65, "borderline")]
    [InlineData("RCADS", "depression", 70, "clinical")]
    [InlineData("DASS21", "depression", 27, "severe")]
    [InlineData("DASS21", "depression", 28, "extremely severe")]
    [InlineData("DASS21", "anxiety", 9, "mild")]
    [InlineData("DASS21", "stress", 15, "mild")]
    [InlineData("AUDITC", "total", 4, "negative")]
    [InlineData("AUDITC", "total", 5, "positive")]
    [InlineData("CRAFFT", "total", 2, "positive screen")]
    [InlineData("DASTA", "total", 6, "at or above the cut-off")]
    public void TheShippedBands_PlaceScoresOnThePublishedCutOffs(string instrument, string scale, int score, string band)
    {
        var bands = InstrumentCatalog.Default.Find(instrument)!.Scale(scale)!.Bands["any"];
        Assert.Equal(band, bands.Single(b => b.From <= score && score <= b.To).Label);
    }

    [Fact]
    public void Instruments_EveryProblemIsReported_NamingTheInstrumentAndScale()
    {
        const string yaml = """
            instruments:
              - id: ONE
                title: One
                scales:
                  - { scale: total, min: 10, max: 5, better: up, reliable_change: -1 }
              - id: TWO
                title: Two
                source: a test
                scales:
                  - { scale: total, min: 0, max: 10, better: lower, bands: { parent: ["0-4 low", "6-10 high"], self: ["zero to ten"] } }
              - id: THREE
                title: Three
                source: a test
                scales:
                  - { scale: total, min: 3, max: 6, better: higher }
                conversion:
                  table: { 3: 3.0, 4: 4.5, 6: 7.5 }
              - id: TWO
                title: Two again
                source: a test
            """;
        var e = Assert.Throws<ModelValidationException>(() => InstrumentCatalog.Parse("instruments.yaml", yaml));
        Assert.All(e.Problems, p => Assert.Equal("instruments.yaml", p.File));
        Assert.Equal([
            ("ONE", "has no source"),
            ("ONE.total", "needs min ≤ max"),
            ("ONE.total", "better 'up' is not lower or higher"),
            ("ONE.total", "reliable_change must be positive"),
            ("TWO.total.bands.parent", "bands must run from 0 to 10 without gaps or overlaps"),
            ("TWO.total.bands.self", "'zero to ten' is not 'from-to label'"),
            ("THREE.conversion", "has no source"),
            ("THREE.conversion", "has no converted score for the raw total(s) 5 (it must cover 3 to 6)"),
            ("THREE.conversion", "converts 6 to 7.5, outside the total's range 3 to 6"),
            ("TWO", "is defined twice"),
            ("TWO", "has no scales")],
            e.Problems.Select(p => (p.Element, p.Message)));
    }

    [Fact]
    public void Instruments_ReliableChangeByInformant_IsDerivedFromSdAndR_AndChecked()
    {
        // The SDQ shipped: parent SD 5.8, r 0.80, so 1.96 × 5.8 × √(2 × 0.2) = 7.1898; no value for teacher or self.
        var sdq = InstrumentCatalog.Default.Find("SDQ")!.Scale("total")!;
        Assert.Equal((7.1898m, (decimal?)null, (decimal?)null), (sdq.ReliableChangeFor("parent")!.Value, sdq.ReliableChangeFor("teacher"), sdq.ReliableChangeFor("self")));
        Assert.Equal(3m, InstrumentCatalog.Default.Find("WEMWBS")!.Scale("total")!.ReliableChangeFor("teacher"));
        const string yaml = """
            instruments:
              - id: ONE
                title: One
                source: a test
                scales:
                  - { scale: total, min: 0, max: 40, better: lower, reliable_change: 5, reliable_change_by_informant: { parnet: { sd: 5, r: 0.8 }, self: { sd: 0, r: 1 } } }
            """;
        var e = Assert.Throws<ModelValidationException>(() => InstrumentCatalog.Parse("instruments.yaml", yaml));
        Assert.Equal([
            ("ONE.total", "has both reliable_change and reliable_change_by_informant: give one"),
            ("ONE.total.reliable_change_by_informant.parnet", "'parnet' is not an informant (parent, teacher, self, practitioner)"),
            ("ONE.total.reliable_change_by_informant.self", "needs sd, a standard deviation above 0"),
            ("ONE.total.reliable_change_by_informant.self", "needs r, a reliability from 0 up to (not including) 1")],
            e.Problems.Select(p => (p.Element, p.Message)));
    }

    [Fact]
    public void Instruments_AnUnknownKey_IsReportedWithItsLine()
    {
        var e = Assert.Throws<ModelValidationException>(() => InstrumentCatalog.Parse("instruments.yaml", "instruments:\n  - id: ONE\n    titel: One\n"));
        Assert.Equal("line 3", Assert.Single(e.Problems).Element);
    }

    [Fact]
    public void Calendar_EveryProblemIsReported()
    {
        const string yaml = """
            calendar: broken
            terms:
              - { term: autumn, start: "09-01", end: "12-31", year_offset: 0 }
              - { term: spring, start: "12-15", end: "03-31", year_offset: 1 }
              - { term: summer, start: "04-01", end: "13-31", year_offset: 1 }
            """;
        var e = Assert.Throws<ModelValidationException>(() => TermCalendar.Parse("terms.yaml", yaml));
        Assert.Equal([
            ("summer", "start and end must be month-day, such as 09-01"),
            ("terms", "must define autumn, spring and summer, in that order"),
            ("spring", "must end on or after its start"),
            ("source", "is missing")],
            e.Problems.Select(p => (p.Element, p.Message)));
    }

    [Fact]
    public void Calendar_TermsThatOverlap_AreRefused()
    {
        const string yaml = """
            calendar: overlapping
            source: a test
            terms:
              - { term: autumn, start: "09-01", end: "12-31", year_offset: 0 }
              - { term: spring, start: "01-01", end: "03-31", year_offset: 1 }
              - { term: summer, start: "03-31", end: "08-31", year_offset: 1 }
            """;
        var e = Assert.Throws<ModelValidationException>(() => TermCalendar.Parse("terms.yaml", yaml));
        Assert.Equal(("summer", "must start after spring ends"), (Assert.Single(e.Problems).Element, e.Problems[0].Message));
    }

    [Fact]
    public void Calendar_ASummerRunningIntoTheNextAutumn_OrA29February_IsRefused()
    {
        const string yaml = """
            calendar: wrapping
            source: a test
            terms:
              - { term: autumn, start: "09-01", end: "12-31", year_offset: 0 }
              - { term: spring, start: "01-01", end: "02-29", year_offset: 1 }
              - { term: summer, start: "04-01", end: "09-15", year_offset: 1 }
            """;
        var e = Assert.Throws<ModelValidationException>(() => TermCalendar.Parse("terms.yaml", yaml));
        Assert.Equal([
            ("spring", "cannot start or end on 02-29, a day most years do not have"),
            ("terms", "must define autumn, spring and summer, in that order"),
            ("autumn", "must start after summer of the year before ends")],
            e.Problems.Select(p => (p.Element, p.Message)));
    }

    [Fact]
    public void Instruments_AConversionOnAScaleWithoutAValidRange_IsReported_NotACrash()
    {
        const string yaml = """
            instruments:
              - id: FOUR
                title: Four
                source: a test
                scales:
                  - { scale: total, min: 9, max: 2, better: higher }
                conversion:
                  source: a test
                  table: { 2: 2.0 }
            """;
        var e = Assert.Throws<ModelValidationException>(() => InstrumentCatalog.Parse("instruments.yaml", yaml));
        Assert.Equal(("FOUR.total", "needs min ≤ max"), (Assert.Single(e.Problems).Element, e.Problems[0].Message));
    }
}
