using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Instruments;
using OutcomeAnalytics.Reports;

namespace OutcomeAnalytics.Tests.Dictionary;

public sealed class DataDictionaryTests
{
    [Fact]
    public void Default_DefinesEveryContractTable_InReferenceOrder()
    {
        var d = DataDictionary.Default;
        string[] contract = ["families", "people", "family_members", "needs", "attendance", "term_dates", "exclusions", "incidents",
            "referrals", "plans", "assessments", "evidence", "employment", "eet_status", "claims"];
        Assert.Equal(contract.Order(), d.Tables.Select(t => t.Name).Order());
        Assert.Equal(["families", "family_members", "needs", "people"], d.Tables.Where(t => t.RequiredFile).Select(t => t.Name).Order());
        var position = d.Tables.Select((t, i) => (t.Name, i)).ToDictionary(x => x.Name, x => x.i);
        foreach (var t in d.Tables)
            foreach (var c in t.Columns.Where(c => c.References is not null))
                Assert.True(position[c.References!.Table] < position[t.Name], $"{t.Name}.{c.Name} is loaded before {c.References.Table}");
    }

    [Fact]
    public void Attendance_IsDefinedAsTheContractSays()
    {
        var t = DataDictionary.Default["attendance"];
        Assert.Equal(["person_id", "academic_year", "term"], t.Key);
        Assert.Equal(["autumn", "spring", "summer"], t.Column("term")!.Values);
        Assert.All(t.Columns, c => Assert.True(c.Required));
        var sum = Assert.Single(t.Checks);
        Assert.Equal(CheckKind.SumEquals, sum.Kind);
        Assert.Equal("possible_sessions", sum.Total);
    }

    [Fact]
    public void Parse_ReportsEveryProblemAtOnce_WithFileAndElement()
    {
        var yaml = """
            table: things
            title: Things
            grain: one thing
            key: [thing_id, nope]
            columns:
              - name: thing_id
                type: identifier
                meaning: x
              - name: kind
                type: code
                meaning: y
              - name: owner
                type: id
                references: owners.owner_id
                meaning: z
            checks:
              - kind: sums
            """;
        var e = Assert.Throws<ModelValidationException>(() => DataDictionary.Parse([("things.yaml", yaml)]));
        Assert.Contains(e.Problems, p => p.File == "things.yaml" && p.Element == "things.thing_id" && p.Message.Contains("type 'identifier'"));
        Assert.Contains(e.Problems, p => p.Element == "things.kind" && p.Message.Contains("without values"));
        Assert.Contains(e.Problems, p => p.Element == "things.key" && p.Message.Contains("'nope'"));
        Assert.Contains(e.Problems, p => p.Element == "things.checks[0]" && p.Message.Contains("kind 'sums'"));
        Assert.True(e.Problems.Count >= 4);
    }

    [Fact]
    public void Parse_RejectsAReferenceToAnUnknownTable()
    {
        var yaml = "table: a\ntitle: A\ngrain: one a\ncolumns:\n  - { name: b_id, type: id, references: b.b_id, meaning: m }\n";
        var e = Assert.Throws<ModelValidationException>(() => DataDictionary.Parse([("a.yaml", yaml)]));
        Assert.Contains(e.Problems, p => p.Element == "a.b_id" && p.Message.Contains("unknown table 'b'"));
    }

    [Theory]
    [InlineData("text", "code", "instrument must be a code column")]
    [InlineData("text", "text", "instrument and scale must be code columns")]
    public void Parse_RejectsAScoreCheck_WhoseInstrumentOrScaleIsNotACode(string instrument, string scale, string message)
    {
        string Values(string type) => type == "code" ? ", values: [total]" : "";
        var yaml = $$"""
            table: scores
            title: Scores
            grain: one score
            columns:
              - { name: instrument, type: {{instrument}}{{Values(instrument)}}, meaning: i }
              - { name: scale, type: {{scale}}{{Values(scale)}}, meaning: s }
              - { name: score, type: decimal, meaning: v }
            checks:
              - { kind: score_in_range, score: score, instrument: instrument, scale: scale }
            """;
        var e = Assert.Throws<ModelValidationException>(() => DataDictionary.Parse([("scores.yaml", yaml)]));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("scores.checks[0]", problem.Element);
        Assert.Equal($"{message}: a score's instrument and scale are looked up in the instrument catalog", problem.Message);
    }

    [Theory]
    [InlineData("2023/24", null)]
    [InlineData("2023-24", "default '2023-24' is not an academic year from 1950/51 to 2099/00")]
    [InlineData("2100/01", "default '2100/01' is not an academic year from 1950/51 to 2099/00")]
    public void Parse_ChecksAnAcademicYearsDefault(string value, string? message)
    {
        var yaml = $"table: years\ntitle: Years\ngrain: one year\ncolumns:\n  - {{ name: academic_year, type: academic_year, default: '{value}', meaning: y }}\n";
        if (message is null)
        {
            Assert.Equal(value, DataDictionary.Parse([("years.yaml", yaml)])["years"].Column("academic_year")!.Default);
            return;
        }
        var e = Assert.Throws<ModelValidationException>(() => DataDictionary.Parse([("years.yaml", yaml)]));
        Assert.Equal(message, Assert.Single(e.Problems).Message);
    }

    [Fact]
    public void Docs_AreUpToDate_WithTheYaml()
    {
        var committed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data-dictionary-README.md"));
        var generated = DictionaryDocs.Render(DataDictionary.Default);
        Assert.True(committed == generated,
            "data-dictionary/README.md is out of date: run `dotnet run --project src/OutcomeAnalytics.Cli -- dictionary docs --out data-dictionary/README.md`.");
    }

    [Fact]
    public void Ddl_TypesEveryColumn()
    {
        var ddl = Schema.CreateTable(DataDictionary.Default["attendance"]);
        var years = string.Join(", ", Enumerable.Range(1950, 150).Select(y => $"'{y}/{(y + 1) % 100:D2}'"));
        Assert.Equal("CREATE TABLE IF NOT EXISTS attendance (person_id VARCHAR NOT NULL, "
            + $"academic_year ENUM({years}) NOT NULL, term ENUM('autumn', 'spring', 'summer') NOT NULL, "
            + "possible_sessions INTEGER NOT NULL, attended_sessions INTEGER NOT NULL, authorised_absence INTEGER NOT NULL, unauthorised_absence INTEGER NOT NULL)", ddl);
        Assert.Equal(["1999/00", "2000/01"], ColumnDefinition.AcademicYears.Skip(49).Take(2));
        Assert.Equal("2099/00", ColumnDefinition.AcademicYears[^1]);
    }

    [Fact]
    public void Codes_AreStoredAsEnums_InOrdinalOrder_SoTheySortAsText()
    {
        // plan_type lists early_help first; stored, its values are in ordinal order, as text would sort.
        var planType = DataDictionary.Default["plans"].Column("plan_type")!;
        Assert.Equal("early_help", planType.Values[0]);
        Assert.Equal("ENUM('child_in_need', 'child_protection', 'early_help', 'looked_after')", planType.StorageType);
        Assert.Equal("VARCHAR", planType.SqlType);
        Assert.Equal(["child_in_need", "child_protection", "early_help", "looked_after"], planType.StoredValues);
        Assert.Equal("VARCHAR", DataDictionary.Default["people"].Column("person_id")!.StorageType);
        Assert.Equal("DATE", DataDictionary.Default["people"].Column("date_of_birth")!.StorageType);
    }

    [Fact]
    public void Instruments_CoverEveryInstrumentCode_WithAScaleForEveryAllowedScale()
    {
        var codes = DataDictionary.Default["assessments"].Column("instrument")!.Values;
        var catalog = InstrumentCatalog.Default;
        Assert.All(codes, code => Assert.NotNull(catalog.Find(code)));
        Assert.Equal((14m, 70m, Better.Higher, 3m), catalog.Find("WEMWBS")!.Scale("total") is { } w ? (w.Min, w.Max, w.Better, w.ReliableChange) : default);
        Assert.Equal(16.88m, catalog.Find("SWEMWBS")!.Conversion[17m]);
        Assert.Equal(new ScoreBand(17, 40, "abnormal"), catalog.Find("SDQ")!.Scale("total")!.Bands["parent"][2]);
        Assert.Equal(4, catalog.Find("SDQ")!.Scale("total")!.Bands["teacher"].Count);
        var scales = DataDictionary.Default["assessments"].Column("scale")!.Values;
        Assert.All(catalog.AllScales, s => Assert.Contains(s.Scale, scales));
    }
}
