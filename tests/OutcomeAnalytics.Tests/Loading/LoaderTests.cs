using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Tests.Loading;

public sealed class LoaderTests
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    private static LoadResult Load(DuckDBConnection c, TestData data, LoadOptions? options = null) =>
        new DataLoader().Load(c, data.Folder, (options ?? new LoadOptions()) with { Clock = Clock });

    [Fact]
    public void Sample_LoadsEveryTable_WithNoRejects()
    {
        using var data = TestData.FromSample();
        using var c = Database.Open();
        var result = Load(c, data);
        Assert.Empty(result.Rejects);
        Assert.Equal(15, result.Tables.Count);
        foreach (var t in result.Tables)
        {
            var lines = data.Lines(t.File).Length - 1;
            Assert.Equal(lines, t.RowsRead);
            Assert.Equal(lines, t.RowsLoaded);
            Assert.Equal(lines, c.Scalar<long>($"SELECT count(*) FROM {t.Table}"));
        }
    }

    [Fact]
    public void OnlyATableWithRowsThatFailedAsRead_IsExaminedRuleByRule_AndOnlyATableWithFaults_HasThemRead()
    {
        using var data = TestData.FromSample();
        // The examination of rows that failed a rule as they were read, and the reading of a table's faults, by table.
        List<string> Examined(List<string> statements) =>
            [.. statements.Select(s => System.Text.RegularExpressions.Regex.Match(s, @"^INSERT INTO \w+\.flt_(\w+) SELECT rid, col, rule,")).Where(m => m.Success).Select(m => m.Groups[1].Value)];
        List<string> FaultsRead(List<string> statements) =>
            [.. statements.Select(s => System.Text.RegularExpressions.Regex.Match(s, @"^SELECT f\.rid, .* FROM \w+\.flt_(\w+) f JOIN")).Where(m => m.Success).Select(m => m.Groups[1].Value)];
        List<string> Statements(out LoadResult result)
        {
            var statements = new List<string>();
            using var c = Database.Open();
            result = Load(c, data, new LoadOptions { OnStatement = (sql, _) => { lock (statements) statements.Add(sql); } });
            return statements;
        }

        var clean = Statements(out var cleanLoad);
        Assert.Empty(cleanLoad.Rejects);
        Assert.Empty(Examined(clean));
        Assert.Empty(FaultsRead(clean));

        // A bad date in people (examined, and its fault read) and a duplicate referral id (found by its key, not examined).
        data.AppendLine("people.csv", "P-BAD,not-a-date,female,");
        var referral = data.Lines("referrals.csv")[1];
        data.AppendLine("referrals.csv", referral);
        var dirty = Statements(out var dirtyLoad);
        Assert.Equal(["people"], Examined(dirty));
        Assert.Equal(["people", "referrals"], FaultsRead(dirty).Order(StringComparer.Ordinal));
        Assert.Equal([("people", "date_of_birth"), ("referrals", "referral_id")],
            dirtyLoad.Rejects.Select(r => (r.Table, r.Column)).Order());
    }

    [Fact]
    public void RepeatedTextTable_IsStoredDictionaryCompressed_WithoutFsst_AndOnlyIt()
    {
        // Attendance is marked repeated_text in the data dictionary: its text column is declared dictionary-compressed
        // when it is staged (staged tables become the tables), and no other table's is.
        Assert.True(OutcomeAnalytics.Dictionary.DataDictionary.Default["attendance"].RepeatedText);
        Assert.False(OutcomeAnalytics.Dictionary.DataDictionary.Default["people"].RepeatedText);
        using var data = TestData.FromSample();
        var file = data.DbPath;
        var declared = new List<string>();
        using (var c = Database.Open(file))
        {
            Load(c, data, new LoadOptions { OnStatement = (sql, _) => { if (sql.Contains("USING COMPRESSION", StringComparison.Ordinal)) declared.Add(sql); } });
            Assert.Equal(data.Lines("attendance.csv").Length - 1, c.Scalar<long>("SELECT count(*) FROM attendance"));
            var compressions = c.Rows("SELECT DISTINCT compression FROM pragma_storage_info('attendance') WHERE column_name = 'person_id' AND segment_type = 'VARCHAR'", r => r.GetString(0));
            Assert.Contains("Dictionary", compressions);
            Assert.DoesNotContain(compressions, k => k.Contains("FSST", StringComparison.OrdinalIgnoreCase));
        }
        Assert.Matches(@"^CREATE TABLE \w+_stg_attendance \(t0 VARCHAR USING COMPRESSION dictionary, ", Assert.Single(declared));
    }

    [Fact]
    public void StagingTables_AreGoneAfterALoad_AfterAFailedOne_AndThoseOfAStoppedLoadAreDroppedByTheNext()
    {
        using var data = TestData.FromSample();
        using var c = Database.Open();
        long Staging() => c.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'oa\\_load\\_%' ESCAPE '\\'");
        // As a load whose process was stopped leaves it: committed, never renamed.
        c.Execute("CREATE TABLE oa_load_0123456789abcdef0123456789abcdef_stg_people (t0 VARCHAR)");
        Load(c, data);
        Assert.Equal(0, Staging());
        data.AppendLine("people.csv", "P-BAD,not-a-date,female,");
        Assert.Throws<LoadException>(() => Load(c, data, new LoadOptions { Strict = true }));
        Assert.Equal(0, Staging());
        Assert.Equal(data.Lines("people.csv").Length - 2, c.Scalar<long>("SELECT count(*) FROM people"));
    }

    [Fact]
    public void CodesAndAcademicYears_AreStoredAsEnums_ThatQueriesUseAsText()
    {
        using var data = TestData.FromSample();
        using var c = Database.Open();
        Load(c, data);
        Assert.Equal("ENUM('autumn', 'spring', 'summer')", c.Scalar<string>(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'attendance' AND column_name = 'term'"));
        Assert.StartsWith("ENUM('1950/51', ", c.Scalar<string>(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'attendance' AND column_name = 'academic_year'"));
        // Compared with bound text, read back as text, sorted as text would be.
        var autumn = c.Scalar<long>("SELECT count(*) FROM attendance WHERE term = $1 AND academic_year >= $2", "autumn", "2020/21");
        Assert.Equal(data.Lines("attendance.csv").Skip(1).Count(l => l.Split(',') is var f && f[2] == "autumn" && string.CompareOrdinal(f[1], "2020/21") >= 0), autumn);
        Assert.True(autumn > 0);
        var types = c.Rows("SELECT DISTINCT plan_type FROM plans ORDER BY plan_type", r => r.GetString(0));
        Assert.Equal(types.Order(StringComparer.Ordinal), types);
        Assert.Equal("early_help-x", c.Scalar<string>("SELECT plan_type || '-x' FROM plans WHERE plan_type = 'early_help' LIMIT 1"));
        // Every stored ENUM reads back as the dictionary writes it, so a later load finds nothing to widen.
        foreach (var table in OutcomeAnalytics.Dictionary.DataDictionary.Default.Tables)
            foreach (var column in table.Columns.Where(k => k.StorageType.StartsWith("ENUM(", StringComparison.Ordinal)))
                Assert.Equal(column.StorageType, c.Scalar<string>(
                    "SELECT data_type FROM information_schema.columns WHERE table_name = $1 AND column_name = $2", table.Name, column.Name));
        // The academic years a load accepts are exactly those the column can store.
        c.Execute("ATTACH ':memory:' AS probe");
        c.Execute(TableValidation.AcademicYearsDdl("probe"));
        Assert.Equal(OutcomeAnalytics.Dictionary.ColumnDefinition.AcademicYears,
            c.Rows("SELECT academic_year FROM probe.academic_years ORDER BY academic_year", r => r.GetString(0)));
        // The load's scratch database is gone once the load ends.
        Assert.Equal(0, c.Scalar<long>("SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE 'oa_load_%'"));
    }

    [Fact]
    public void Database_WithTextColumns_FromAnEarlierVersion_LoadsIntoTheDictionarysTypes()
    {
        // Tables created before codes were stored as ENUMs are replaced by the dictionary's, as any table a load stores.
        using var data = TestData.FromSample();
        using var c = Database.Open();
        c.Execute("CREATE TABLE attendance (person_id VARCHAR NOT NULL, academic_year VARCHAR NOT NULL, term VARCHAR NOT NULL, possible_sessions INTEGER NOT NULL, "
            + "attended_sessions INTEGER NOT NULL, authorised_absence INTEGER NOT NULL, unauthorised_absence INTEGER NOT NULL)");
        var result = Load(c, data);
        Assert.Empty(result.Rejects);
        Assert.Equal("ENUM('autumn', 'spring', 'summer')", c.Scalar<string>("SELECT data_type FROM information_schema.columns WHERE table_name = 'attendance' AND column_name = 'term'"));
        Assert.Equal(data.Lines("attendance.csv").Length - 1, c.Scalar<long>("SELECT count(*) FROM attendance"));
    }

    [Fact]
    public void Database_WhoseCodesLackAValue_IsWidened_AndKeepsItsRows()
    {
        // A database made by a dictionary without the role 'parent_carer' (a code added later): the load widens the
        // column's ENUM rather than failing to store the new value, and the rows already there keep theirs.
        using var data = TestData.FromSample();
        using var c = Database.Open();
        c.Execute("CREATE TABLE family_members (family_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, role ENUM('child') NOT NULL)");
        c.Execute("INSERT INTO family_members VALUES ('F0', 'P0', 'child')");
        OutcomeAnalytics.Dictionary.Schema.Ensure(c, OutcomeAnalytics.Dictionary.DataDictionary.Default);
        Assert.Equal("child", c.Scalar<string>("SELECT role FROM family_members WHERE family_id = 'F0'"));
        var result = Load(c, data);
        Assert.Empty(result.Rejects);
        Assert.Equal(OutcomeAnalytics.Dictionary.DataDictionary.Default["family_members"].Column("role")!.StorageType,
            c.Scalar<string>("SELECT data_type FROM information_schema.columns WHERE table_name = 'family_members' AND column_name = 'role'"));
        Assert.Equal(6, c.Scalar<long>("SELECT count(*) FROM family_members WHERE role = 'parent_carer'"));
        // The table stored is the dictionary's: role is optional there, family_id required.
        Assert.Equal("YES", c.Scalar<string>("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'family_members' AND column_name = 'role'"));
        Assert.Equal("NO", c.Scalar<string>("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'family_members' AND column_name = 'family_id'"));
    }

    [Fact]
    public void LeadingZeros_InIds_Survive()
    {
        using var data = TestData.FromSample();
        using var c = Database.Open();
        Load(c, data);
        Assert.Equal(1, c.Scalar<long>("SELECT count(*) FROM people WHERE person_id = '007'"));
        Assert.Equal(0, c.Scalar<long>("SELECT count(*) FROM people WHERE person_id = '7'"));
        Assert.Equal(10, c.Scalar<long>("SELECT count(*) FROM attendance WHERE person_id = '007'"));
    }

    [Fact]
    public void ControlledValue_Typo_IsRejectedWithFileLineColumnAndChoices()
    {
        using var data = TestData.FromSample();
        var line = data.Lines("attendance.csv")[13].Split(',');
        line[2] = "autum";
        data.ReplaceLine("attendance.csv", 14, string.Join(',', line));
        using var c = Database.Open();
        var result = Load(c, data);
        var reject = Assert.Single(result.Rejects);
        Assert.Equal("attendance.csv line 14, column term: 'autum' is not one of autumn, spring, summer", reject.Message);
        Assert.Equal(14, reject.Line);
        Assert.Equal("controlled_value", reject.Rule);
        Assert.Equal(string.Join(',', line), reject.Row);
        var summary = result.Tables.Single(t => t.Table == "attendance");
        Assert.Equal(summary.RowsRead - 1, summary.RowsLoaded);
        Assert.Equal(1, summary.RowsRejected);
    }

    [Fact]
    public void ControlledValues_MatchAnyCase_AndAreStoredInTheListSpelling()
    {
        using var data = TestData.FromSample();
        data.ReplaceLine("attendance.csv", 2, data.Lines("attendance.csv")[1].Replace("autumn", "AUTUMN"));
        data.ReplaceLine("assessments.csv", 2, data.Lines("assessments.csv")[1].Replace("WEMWBS", "wemwbs"));
        using var c = Database.Open();
        Assert.Empty(Load(c, data).Rejects);
        Assert.Equal(0, c.Scalar<long>("SELECT count(*) FROM attendance WHERE term = 'AUTUMN'"));
        Assert.Equal(2, c.Scalar<long>("SELECT count(*) FROM assessments WHERE instrument = 'WEMWBS'"));
    }

    [Fact]
    public void Attendance_SessionsNotAddingUp_IsRejected()
    {
        using var data = TestData.FromSample();
        data.AppendLine("attendance.csv", "P0002,2020/21,autumn,140,100,20,19");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal("sum_equals", reject.Rule);
        Assert.Equal("possible_sessions", reject.Column);
        Assert.Contains("100 + 20 + 19 = 139, but possible_sessions is 140", reject.Message);
    }

    [Theory]
    [InlineData("P0002,2020/21,autumn,140,-1,71,70", "attended_sessions", "range", "'-1' is below the minimum of 0")]
    [InlineData("P0002,2020/21,autumn,140,12.5,70,58", "attended_sessions", "integer", "'12.5' is not a whole number")]
    [InlineData("P0002,2020/22,autumn,140,100,20,20", "academic_year", "academic_year", "'2020/22' is not an academic year")]
    [InlineData("P0002,2020/21, autumn,140,100,20,20", "term", "whitespace", "' autumn' has spaces before or after it")]
    [InlineData("P0002,2020/21,,140,100,20,20", "term", "required", "is empty, but a value is required")]
    public void Attendance_BadField_IsRejected(string row, string column, string rule, string message)
    {
        using var data = TestData.FromSample();
        data.AppendLine("attendance.csv", row);
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal(column, reject.Column);
        Assert.Equal(rule, reject.Rule);
        Assert.Contains(message, reject.Message);
        Assert.Equal(row, reject.Row);
    }

    [Theory]
    [InlineData("+12", "integer")]
    [InlineData("1e2", "integer")]
    [InlineData("0x1F", "integer")]
    [InlineData("1_000", "integer")]
    [InlineData("12.0", "integer")]
    [InlineData("12 ", "whitespace")]
    [InlineData("0000000012", "integer")]
    public void Attendance_LenientIntegerSpellings_AreRejected_NotCoerced(string value, string rule)
    {
        using var data = TestData.FromSample();
        data.AppendLine("attendance.csv", $"P0002,2020/21,autumn,140,100,{value},28");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal(("authorised_absence", rule, value), (reject.Column, reject.Rule, reject.Value));
        Assert.Equal(data.Lines("attendance.csv").Length, reject.Line);
        Assert.Equal(0, c.Scalar<long>("SELECT count(*) FROM attendance WHERE academic_year = '2020/21' AND term = 'autumn'"));
    }

    [Fact]
    public void ValidValues_InUnusualSpellings_AreLoaded_Typed()
    {
        // Leading zeros, a code in capitals and a yes/no word: valid, but not the common spelling.
        using var data = TestData.FromSample();
        data.AppendLine("attendance.csv", "P0002,2020/21,Autumn,0140,100,012,28");
        data.AppendLine("attendance.csv", "P0002,2020/21,spring,-0,0,0,0");
        using var c = Database.Open();
        Assert.Empty(Load(c, data).Rejects);
        var r = c.Rows("SELECT term, possible_sessions, authorised_absence FROM attendance WHERE academic_year = '2020/21' ORDER BY term",
            r => (r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
        Assert.Equal([("autumn", 140, 12), ("spring", 0, 0)], r);
    }

    [Fact]
    public void DuplicateKey_InAnotherSpelling_IsNamedAsWritten()
    {
        // The later row passes every field rule, so only the duplicate search finds it: its values still come as written.
        using var data = TestData.FromSample();
        data.AppendLine("attendance.csv", "P0002,2021/22,\"AUTUMN\",140,111,14,15");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal("duplicate_key", reject.Rule);
        Assert.Equal("person_id+academic_year+term", reject.Column);
        Assert.Null(reject.Value);
        Assert.Equal($"attendance.csv line {data.Lines("attendance.csv").Length}, column person_id+academic_year+term: "
            + "duplicate key (person_id 'P0002', academic_year '2021/22', term 'AUTUMN'): line 2 has the same key and was kept", reject.Message);
        Assert.Equal("P0002,2021/22,\"AUTUMN\",140,111,14,15", reject.Row);
    }

    [Fact]
    public void OrphanReference_InAQuotedField_IsNamedAsWritten()
    {
        using var data = TestData.FromSample();
        data.AppendLine("attendance.csv", "\"P05,01\",2021/22,autumn,140,111,14,15");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal(("person_id", "reference", "P05,01"), (reject.Column, reject.Rule, reject.Value));
        Assert.EndsWith("'P05,01' is not a person_id in people.csv", reject.Message);
    }

    [Theory]
    [InlineData("2023-02-30", "date")]
    [InlineData("30/01/2023", "date")]
    [InlineData("2023-1-5", "date")]
    [InlineData("1899-12-31", "date_range")]
    [InlineData("2027-11-02", "date_range")]
    public void People_BadDateOfBirth_IsRejected(string date, string rule)
    {
        using var data = TestData.FromSample();
        data.AppendLine("people.csv", $"P9999,{date},female,");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal(rule, reject.Rule);
        Assert.Equal("date_of_birth", reject.Column);
        Assert.StartsWith($"people.csv line {data.Lines("people.csv").Length}, column date_of_birth: '{date}'", reject.Message);
    }

    [Fact]
    public void DateOfBirth_OnTheLatestPlausibleDay_IsLoaded()
    {
        // people.date_of_birth allows up to a year after the load date (2026-11-01): 2027-11-01 is the last day.
        using var data = TestData.FromSample();
        data.AppendLine("people.csv", "P9999,2027-11-01,female,");
        using var c = Database.Open();
        Assert.Empty(Load(c, data).Rejects);
    }

    [Fact]
    public void DateFormat_DayMonthYear_ReadsUkDates_AndRejectsIsoDates()
    {
        using var data = TestData.Empty();
        data.Write("families.csv", "family_id,attached_date,closure_date\nF1,16/01/2023,29/09/2023\nF2,2023-01-16,\n");
        data.Write("people.csv", "person_id,date_of_birth\nP1,02/04/1988\n");
        data.Write("family_members.csv", "family_id,person_id\nF1,P1\n");
        data.Write("needs.csv", "family_id,need_code,person_id\nF1,3.2,P1\n");
        using var c = Database.Open();
        var result = Load(c, data, new LoadOptions { DateFormat = DateFormat.Parse("DD/MM/YYYY") });
        var reject = Assert.Single(result.Rejects);
        Assert.Equal("families.csv line 3, column attached_date: '2023-01-16' is not a valid date (expected DD/MM/YYYY)", reject.Message);
        Assert.Equal(new DateOnly(2023, 1, 16), c.Scalar<DateOnly>("SELECT attached_date FROM families WHERE family_id = 'F1'"));
        Assert.Equal(new DateOnly(1988, 4, 2), c.Scalar<DateOnly>("SELECT date_of_birth FROM people"));
    }

    [Theory]
    [InlineData("31/12/2024")]
    [InlineData("2024-02-30")]
    public void BadDateInAKeyColumn_RejectsTheRow_AndTheLoadGoesOn(string date)
    {
        using var data = TestData.FromSample();
        data.AppendLine("eet_status.csv", $"P0006,{date},eet");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal(("status_date", "date"), (reject.Column, reject.Rule));
        Assert.Equal(3, c.Scalar<long>("SELECT count(*) FROM eet_status"));
    }

    [Fact]
    public void ClosureBeforeAttachment_IsRejected()
    {
        using var data = TestData.FromSample();
        data.AppendLine("families.csv", "F009,2023-05-01,2023-04-30,other,,,,,");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal("not_before", reject.Rule);
        Assert.EndsWith("closure_date 2023-04-30 is before attached_date 2023-05-01", reject.Message);
    }

    [Fact]
    public void ClosureOnTheAttachmentDay_IsLoaded()
    {
        using var data = TestData.FromSample();
        data.AppendLine("families.csv", "F009,2023-05-01,2023-05-01,other,,,,,");
        using var c = Database.Open();
        Assert.Empty(Load(c, data).Rejects);
    }

    [Fact]
    public void DuplicateKey_KeepsTheFirstRow_AndRejectsTheLaterOneNamingTheKeptLine()
    {
        using var data = TestData.FromSample();
        data.AppendLine("people.csv", "P0001,1990-01-01,female,");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal("duplicate_key", reject.Rule);
        Assert.Contains("person_id 'P0001'", reject.Message);
        Assert.Contains("line 2 has the same key and was kept", reject.Message);
        Assert.Equal(new DateOnly(1988, 4, 2), c.Scalar<DateOnly>("SELECT date_of_birth FROM people WHERE person_id = 'P0001'"));
    }

    [Fact]
    public void Needs_FamilyLevelDuplicate_IsRejected_ButDifferentPeopleAreNot()
    {
        using var data = TestData.FromSample();
        data.AppendLine("needs.csv", "F001,8.1,,2023-02-01,,");      // same family-level need again
        data.AppendLine("needs.csv", "F001,1.1,P0003,2023-01-16,,"); // same code, another child
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal("duplicate_key", reject.Rule);
        Assert.Equal(data.Lines("needs.csv").Length - 1, reject.Line);
    }

    [Fact]
    public void OrphanReference_IsRejected_AndARejectedParentIsNamed()
    {
        using var data = TestData.FromSample();
        data.AppendLine("people.csv", "P0500,not-a-date,female,");
        data.AppendLine("family_members.csv", "F001,P0500,child");
        data.AppendLine("family_members.csv", "F001,P0501,child");
        data.AppendLine("family_members.csv", "F999,P0001,child");
        using var c = Database.Open();
        var rejects = Load(c, data).Rejects.Where(r => r.Table == "family_members").ToList();
        Assert.Equal(3, rejects.Count);
        Assert.Contains(rejects, r => r.Rule == "reference_rejected" && r.Message.EndsWith("'P0500' is in people.csv, but that row was rejected", StringComparison.Ordinal));
        Assert.Contains(rejects, r => r.Rule == "reference" && r.Message.EndsWith("'P0501' is not a person_id in people.csv", StringComparison.Ordinal));
        Assert.Contains(rejects, r => r.Rule == "reference" && r.Column == "family_id" && r.Value == "F999");
    }

    [Fact]
    public void Referral_WithNeitherPersonNorFamily_IsRejected()
    {
        using var data = TestData.FromSample();
        data.AppendLine("referrals.csv", "R0099,,,2023-05-01,housing");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal("one_required", reject.Rule);
    }

    [Theory]
    [InlineData("A099,P0001,WEMWBS,self,2023-02-01,total,71", "score_in_range", "score", "71 is outside the range of WEMWBS total (14 to 70)")]
    [InlineData("A099,P0001,WEMWBS,self,2023-02-01,total,13.5", "score_in_range", "score", "13.5 is outside the range of WEMWBS total (14 to 70)")]
    [InlineData("A099,P0001,GAD7,self,2023-02-01,prosocial,3", "unknown_scale", "scale", "'prosocial' is not a scale of GAD7 (total)")]
    // A SWEMWBS raw total is a sum of seven whole item scores: 21.5 has no metric score and would be compared unconverted.
    [InlineData("A099,P0001,SWEMWBS,self,2023-02-01,total,21.5", "score_converted", "score", "21.5 is not a raw total the SWEMWBS conversion table converts (whole numbers 7 to 35)")]
    [InlineData("A099,P0001,swemwbs,self,2023-02-01,,7.01", "score_converted", "score", "7.01 is not a raw total the SWEMWBS conversion table converts (whole numbers 7 to 35)")]
    public void Assessment_ScoreOutsideTheScale_IsRejected(string row, string rule, string column, string message)
    {
        using var data = TestData.FromSample();
        data.AppendLine("assessments.csv", row);
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal(rule, reject.Rule);
        Assert.Equal(column, reject.Column);
        Assert.EndsWith(message, reject.Message);
    }

    [Fact]
    public void Assessment_ScoresOnTheRangeEnds_AreLoaded_AndDefaultsApply()
    {
        using var data = TestData.FromSample();
        data.AppendLine("assessments.csv", "A098,P0001,WEMWBS,,2023-02-01,,14");
        data.AppendLine("assessments.csv", "A099,P0001,WEMWBS,,2023-03-01,,70");
        data.AppendLine("assessments.csv", "A097,P0001,SWEMWBS,,2023-03-01,,35");
        using var c = Database.Open();
        Assert.Empty(Load(c, data).Rejects);
        var r = c.Rows("SELECT informant, scale, score FROM assessments WHERE assessment_id = 'A098'", r => (r.GetString(0), r.GetString(1), r.GetDecimal(2)));
        Assert.Equal([("self", "total", 14m)], r);
    }

    [Fact]
    public void EveryInstrumentAndScale_AcceptsItsRangeEnds_RejectsJustOutside_AndAScaleItLacks()
    {
        // Each pair of instrument and scale codes, written in lower case: the ends of a scale the catalog has are loaded and
        // a hundredth beyond either end is rejected; a scale it lacks is rejected as unknown. (The loader's quick test of a
        // row looks the scale up by the two codes' positions; a wrong lookup would let a score outside its range through.)
        var catalog = OutcomeAnalytics.Instruments.InstrumentCatalog.Default;
        var table = OutcomeAnalytics.Dictionary.DataDictionary.Default["assessments"];
        using var data = TestData.FromSample();
        var expected = new Dictionary<string, string?>();
        var n = 0;
        foreach (var instrument in table.Column("instrument")!.Values)
            foreach (var scale in table.Column("scale")!.Values)
            {
                void Row(decimal score, string? rule)
                {
                    var id = $"Z{n++}";
                    data.AppendLine("assessments.csv", FormattableString.Invariant($"{id},P0001,{instrument.ToLowerInvariant()},self,2023-02-01,{scale},{score}"));
                    expected[id] = rule;
                }
                if (catalog.Find(instrument)!.Scale(scale) is not { } known)
                {
                    Row(0, "unknown_scale");
                    continue;
                }
                Row(known.Min, null);
                Row(known.Max, null);
                Row(known.Min - 0.01m, "score_in_range");
                Row(known.Max + 0.01m, "score_in_range");
            }
        using var c = Database.Open();
        var rejects = Load(c, data).Rejects.ToDictionary(r => r.Row.Split(',')[0], r => r.Rule);
        var loaded = c.Rows("SELECT assessment_id FROM assessments WHERE assessment_id LIKE 'Z%'", r => r.GetString(0)).ToHashSet();
        Assert.All(expected, e =>
        {
            Assert.Equal(e.Value, rejects.GetValueOrDefault(e.Key));
            Assert.Equal(e.Value is null, loaded.Contains(e.Key));
        });
        Assert.Contains(expected.Values, v => v == "unknown_scale");
        Assert.Equal(catalog.AllScales.Count(), expected.Values.Count(v => v is null) / 2);

        // The valid rows alone (the ends of every scale, and a total written with the scale left empty) pass the quick
        // test as they are read: no row of assessments is examined rule by rule.
        using var valid = TestData.FromSample();
        foreach (var (s, i) in catalog.AllScales.Select((s, i) => (s, i)))
        {
            var scale = s.Scale == "total" ? "" : s.Scale;
            valid.AppendLine("assessments.csv", FormattableString.Invariant($"Y{i},P0001,{s.Instrument},self,2023-02-01,{scale},{s.Min}"));
            valid.AppendLine("assessments.csv", FormattableString.Invariant($"X{i},P0001,{s.Instrument.ToLowerInvariant()},self,2023-02-01,{s.Scale.ToUpperInvariant()},{s.Max}"));
        }
        var examined = new List<string>();
        using var d = Database.Open();
        var result = Load(d, valid, new LoadOptions { OnStatement = (sql, _) => { if (sql.Contains("flt_assessments SELECT rid, col, rule", StringComparison.Ordinal)) examined.Add(sql); } });
        Assert.Empty(result.Rejects);
        Assert.Empty(examined);
    }

    [Fact]
    public void AScoreCheck_WithMoreThan255PairsOfInstrumentAndScale_LooksUpEachPair()
    {
        // DuckDB gives an ENUM's position in its own small type (one byte up to 255 values): the lookup must not overflow.
        var instruments = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"X{i:D2}").Append("SDQ"));
        var yaml = $$"""
            table: scores
            title: Scores
            grain: one score
            key: [score_id]
            columns:
              - { name: score_id, type: id, required: true, meaning: s }
              - { name: instrument, type: code, required: true, values: [{{instruments}}], meaning: i }
              - { name: scale, type: code, default: total, values: [total, emotional, conduct, hyperactivity, peer, prosocial, impact], meaning: c }
              - { name: score, type: decimal, required: true, meaning: v }
            checks:
              - { kind: score_in_range, score: score, instrument: instrument, scale: scale }
            """;
        var dictionary = OutcomeAnalytics.Dictionary.DataDictionary.Parse([("scores.yaml", yaml)]);
        using var data = TestData.Empty();
        data.Write("scores.csv", "score_id,instrument,scale,score\nS1,X39,impact,3\nS2,SDQ,,40\nS3,SDQ,,41\nS4,SDQ,prosocial,10\n");
        using var c = Database.Open();
        var result = new DataLoader(dictionary).Load(c, data.Folder, new LoadOptions { Clock = Clock });
        Assert.Equal([("S1", "unknown_scale"), ("S3", "score_in_range")], result.Rejects.Select(r => (r.Row.Split(',')[0], r.Rule)));
        Assert.Equal(["S2", "S4"], c.Rows("SELECT score_id FROM scores ORDER BY score_id", r => r.GetString(0)));
    }

    [Fact]
    public void Booleans_AcceptEveryDocumentedSpelling_AndEmptyIsNull()
    {
        using var data = TestData.FromSample();
        data.Write("evidence.csv", "evidence_id,family_id,need_code,evidence_type,result,evidence_date,verified\n"
            + "E1,F001,8.1,confirmation,met,2023-09-01,TRUE\nE2,F001,8.1,confirmation,met,2023-09-01,n\n"
            + "E3,F001,8.1,confirmation,met,2023-09-01,1\nE4,F001,8.1,confirmation,met,2023-09-01,\nE5,F001,8.1,confirmation,met,2023-09-01,maybe\n");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal("boolean", reject.Rule);
        Assert.Equal(6, reject.Line);
        var verified = c.Rows("SELECT evidence_id, verified FROM evidence ORDER BY evidence_id", r => r.Field<bool?>(1));
        Assert.Equal([true, false, true, null], verified.Take(4));
    }

    [Fact]
    public void BomAndUpperCaseHeaders_AreAccepted_ColumnsInAnyOrder_AndUnknownColumnsWarned()
    {
        using var data = TestData.FromSample();
        File.WriteAllText(data.PathOf("people.csv"), "\uFEFF SEX ,Person_ID,Date_Of_Birth,notes\nfemale,P0001,1988-04-02,x\n", new System.Text.UTF8Encoding(false));
        data.Write("family_members.csv", "family_id,person_id\nF001,P0001\n");
        data.Write("needs.csv", "family_id,need_code,person_id\nF001,3.2,P0001\n");
        foreach (var optional in new[] { "attendance", "exclusions", "incidents", "referrals", "plans", "assessments", "evidence", "employment", "eet_status" })
            data.Delete(optional + ".csv");
        using var c = Database.Open();
        var result = Load(c, data);
        Assert.Empty(result.Rejects);
        Assert.Contains(result.Warnings, w => w == "people.csv: unknown column ignored: notes.");
        Assert.Equal("female", c.Scalar<string>("SELECT sex FROM people WHERE person_id = 'P0001'"));
        Assert.True(File.ReadAllBytes(data.PathOf("people.csv"))[0] == 0xEF);
    }

    [Fact]
    public void QuotedFieldWithLineBreaks_KeepsLaterLineNumbersRight()
    {
        using var data = TestData.FromSample();
        data.AppendLine("people.csv", "P0600,1990-01-01,female,\"Mixed\nother\"");
        data.AppendLine("people.csv", "");
        data.AppendLine("people.csv", "P0601,1990-01-01,femal,");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        var lines = File.ReadAllText(data.PathOf("people.csv")).Split('\n');
        Assert.Equal(Array.IndexOf(lines, "P0601,1990-01-01,femal,") + 1, reject.Line);
        Assert.Equal("Mixed\nother", c.Scalar<string>("SELECT ethnicity FROM people WHERE person_id = 'P0600'"));
    }

    [Fact]
    public void RowWithTooManyFields_IsRejectedWithItsLine_AndLaterRowsKeepTheirLines()
    {
        using var data = TestData.FromSample();
        var before = data.Lines("people.csv").Length;
        data.AppendLine("people.csv", "P0700,1990-01-01,female,White,extra");
        data.AppendLine("people.csv", "P0701,1990-01-01,femal,");
        using var c = Database.Open();
        var rejects = Load(c, data).Rejects.OrderBy(r => r.Line).ToList();
        Assert.Equal(2, rejects.Count);
        Assert.Equal(before + 1, rejects[0].Line);
        Assert.Equal("too_many_fields", rejects[0].Rule);
        Assert.Equal("P0700,1990-01-01,female,White,extra", rejects[0].Row);
        Assert.Equal(before + 2, rejects[1].Line);
        Assert.Equal("controlled_value", rejects[1].Rule);
    }

    [Fact]
    public void UnclosedQuote_StopsTheLoad_NamingItsLine_RatherThanLosingTheRestOfTheFile()
    {
        using var data = TestData.FromSample();
        var before = data.Lines("people.csv").Length;
        data.AppendLine("people.csv", "P0710,1990-01-01,female,\"White");
        data.AppendLine("people.csv", "P0711,1990-01-01,female,");
        using var c = Database.Open();
        var e = Assert.Throws<LoadException>(() => Load(c, data));
        Assert.StartsWith($"people.csv line {before + 1}: a double quote is out of place or never closed", e.Message);
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(3, 1)]
    [InlineData(1, 1)]
    public void TheTwoConnections_ShareTheDatabasesThreads_WhileTheyRead_AndTheSettingIsRestoredAfter_EvenWhenTheLoadFails(int threads, int each)
    {
        using var data = TestData.FromSample();
        // No file of the sample holds more than half of its bytes.
        var sizes = Directory.GetFiles(data.Folder, "*.csv").Select(f => new FileInfo(f).Length).ToList();
        Assert.True(sizes.Max() * 2 <= sizes.Sum());
        using var c = Database.Open();
        c.Execute($"SET threads = {threads}");
        using var probe = Database.OpenAnother(c);
        long Threads() => probe.Scalar<long>("SELECT CAST(current_setting('threads') AS BIGINT)");
        var during = new HashSet<long>();
        var options = new LoadOptions { OnStatement = (sql, _) => { if (sql.Contains("read_csv", StringComparison.Ordinal)) during.Add(Threads()); } };
        Load(c, data, options);
        Assert.Equal([each], during);
        Assert.Equal(threads, Threads());

        during.Clear();
        data.AppendLine("people.csv", "P0710,1990-01-01,female,\"White");
        Assert.Throws<LoadException>(() => Load(c, data, options));
        Assert.Equal([each], during);
        Assert.Equal(threads, Threads());
    }

    private static readonly string[] Terms = ["autumn", "spring", "summer"];

    [Fact]
    public void AFileHoldingMoreThanHalfOfTheBytes_IsReadWithAllTheThreads()
    {
        // The other connection could not take half of the work: halving the threads would only slow that file's table.
        using var data = TestData.FromSample();
        for (var i = 0; i < 210; i++) data.AppendLine("attendance.csv", $"P0002,{1950 + i % 70}/{(51 + i % 70) % 100:D2},{Terms[i / 70]},140,111,14,15");
        var sizes = Directory.GetFiles(data.Folder, "*.csv").Select(f => new FileInfo(f).Length).ToList();
        Assert.True(sizes.Max() * 2 > sizes.Sum());
        using var c = Database.Open();
        c.Execute("SET threads = 4");
        using var probe = Database.OpenAnother(c);
        var during = new HashSet<long>();
        var result = Load(c, data, new LoadOptions
        {
            OnStatement = (sql, _) => { if (sql.Contains("read_csv", StringComparison.Ordinal)) during.Add(probe.Scalar<long>("SELECT CAST(current_setting('threads') AS BIGINT)")); },
        });
        Assert.Equal([4L], during);
        Assert.Empty(result.Rejects);
    }

    /// <summary>Adds valid people until people.csv is the largest file, one most tables refer to (read and checked before them).</summary>
    private static void MakePeopleTheLargestFile(TestData data)
    {
        for (var i = 0; i < 400; i++) data.AppendLine("people.csv", $"P{5000 + i:D4},1990-01-01,female,White British");
    }

    [Fact]
    public void LargestFile_ReferredToByOthers_IsCheckedBeforeThem()
    {
        // A file other tables refer to is read and checked on the caller's connection before them, however large:
        // here people is the largest, and the tables that refer to it must wait for its rejects to tell a missing
        // person from a rejected one.
        using var data = TestData.FromSample();
        MakePeopleTheLargestFile(data);
        data.AppendLine("people.csv", "P0500,not-a-date,female,");
        data.AppendLine("family_members.csv", "F001,P0500,child");
        data.AppendLine("family_members.csv", "F001,P0501,child");
        data.AppendLine("attendance.csv", "P0500,2021/22,autumn,140,111,14,15");
        var largest = Directory.GetFiles(data.Folder, "*.csv").MaxBy(f => new FileInfo(f).Length);
        Assert.Equal("people.csv", Path.GetFileName(largest));
        using var c = Database.Open();
        var result = Load(c, data);
        Assert.Equal(["reference_rejected", "reference"], result.Rejects.Where(r => r.Table == "family_members").Select(r => r.Rule));
        Assert.Equal("reference_rejected", Assert.Single(result.Rejects, r => r.Table == "attendance").Rule);
        // Results keep the dictionary's order, whichever connection checked a table.
        var order = OutcomeAnalytics.Dictionary.DataDictionary.Default.Tables.Select(t => t.Name).ToList();
        var rejected = result.Rejects.Select(r => r.Table).Distinct().ToList();
        Assert.Equal(["people", "family_members", "attendance"], rejected);
        var tables = result.Tables.Select(t => t.Table).ToList();
        Assert.Equal(tables.OrderBy(order.IndexOf), tables);
        Assert.Equal(tables, c.Rows("SELECT table_name FROM load_log ORDER BY rowid", r => r.GetString(0)));
    }

    [Fact]
    public void Stages_AreToldOneAtATime_ForEveryTable_FromBothConnections()
    {
        using var data = TestData.FromSample();
        var stages = new List<string>();
        var progress = new List<LoadStage>();
        var inside = 0;
        var overlapped = false;
        using var c = Database.Open();
        var result = Load(c, data, new LoadOptions
        {
            OnStage = s =>
            {
                overlapped |= Interlocked.Increment(ref inside) > 1;
                Thread.Sleep(1);
                stages.Add(s);
                Interlocked.Decrement(ref inside);
            },
            OnProgress = progress.Add,
        });
        Assert.False(overlapped);
        // The progress display is told the same stages; a stage told again is the same one, still timed from its start.
        Assert.Equal(stages, progress.Select(p => p.Text));
        foreach (var again in progress.GroupBy(p => p.Text).Where(g => g.Count() > 1))
            Assert.Single(again.Distinct());
        Assert.All(progress, p => Assert.InRange(p.Percentage, -1, 100));
        foreach (var t in result.Tables)
        {
            var file = OutcomeAnalytics.Dictionary.DataDictionary.Default[t.Table].FileName;
            Assert.True(stages.IndexOf($"reading {file}") < stages.IndexOf($"checking {file}"), file);
            Assert.True(stages.IndexOf($"checking {file}") < stages.IndexOf($"storing {t.Table}"), t.Table);
        }
        Assert.Equal("saving rejects", stages[^1]);
    }

    [Fact]
    public void TwoTablesFailingAtOnce_OnTheTwoConnections_TheFirstInTheDictionaryIsReported()
    {
        // family_members.csv and claims.csv are the two largest files and no table refers to either, so the second
        // connection takes family_members first and the caller's takes claims once families and people are checked;
        // claims (later in the dictionary) fails sooner, its file being the smaller.
        using var data = TestData.FromSample();
        for (var i = 0; i < 3000; i++) data.AppendLine("family_members.csv", $"F001,P{9000 + i:D5},child");
        for (var i = 0; i < 1500; i++) data.AppendLine("claims.csv", $"F002,{new DateOnly(2020, 1, 1).AddDays(i):yyyy-MM-dd},phase3");
        data.AppendLine("family_members.csv", "F001,P0001,\"child");
        data.AppendLine("claims.csv", "F002,2024-04-15,\"phase3");
        using var c = Database.Open();
        var e = Assert.Throws<LoadException>(() => Load(c, data));
        Assert.StartsWith("family_members.csv line ", e.Message);
    }

    [Theory]
    [InlineData("attendance.csv", "families.csv")]
    [InlineData("families.csv", "families.csv")]
    [InlineData("people.csv", "families.csv")]
    public void TwoUnreadableFiles_TheFirstInTheDictionaryIsReported_WhicheverIsLargest(string largest, string reported)
    {
        using var data = TestData.FromSample();
        for (var i = 0; i < 300; i++)
            data.AppendLine(largest, largest switch
            {
                "attendance.csv" => $"P0002,{1950 + i}/{(51 + i) % 100:D2},autumn,140,111,14,15",
                "families.csv" => $"F{5000 + i},2023-01-16,,,E06000019,North,yes,yes,yes",
                _ => $"P{5000 + i:D4},1990-01-01,female,White British",
            });
        data.AppendLine("families.csv", "F0710,2023-01-16,,,E06000019,\"North");
        data.AppendLine("attendance.csv", "P0002,2021/22,summer,\"140,111,14,15");
        using var c = Database.Open();
        var e = Assert.Throws<LoadException>(() => Load(c, data));
        Assert.StartsWith($"{reported} line ", e.Message);
        Assert.Contains("a double quote is out of place or never closed", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, c.Scalar<long>("SELECT count(*) FROM families"));
        Assert.Equal(0, c.Scalar<long>("SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE 'oa_load_%'"));
    }

    [Fact]
    public void WindowsLineEndings_WithABadRow_ReportTheRightLineAndRow()
    {
        using var data = TestData.FromSample();
        var lines = data.Lines("people.csv").ToList();
        lines.Add("P0720,1990-01-01,female,White,extra");
        lines.Add("P0721,1990-01-01,femal,");
        data.Write("people.csv", string.Join("\r\n", lines) + "\r\n");
        using var c = Database.Open();
        var rejects = Load(c, data).Rejects.OrderBy(r => r.Line).ToList();
        Assert.Equal([lines.Count - 1, lines.Count], rejects.Select(r => r.Line ?? 0));
        Assert.Equal(["P0720,1990-01-01,female,White,extra", "P0721,1990-01-01,femal,"], rejects.Select(r => r.Row));
    }

    [Fact]
    public void MissingRequiredFile_StopsTheLoad_NamingTheFile()
    {
        using var data = TestData.FromSample();
        data.Delete("needs.csv");
        using var c = Database.Open();
        var e = Assert.Throws<LoadException>(() => Load(c, data));
        Assert.Contains("needs.csv", e.Message);
    }

    [Fact]
    public void MissingRequiredColumn_StopsTheLoad_NamingFileAndColumn()
    {
        using var data = TestData.FromSample();
        data.Write("attendance.csv", "person_id,academic_year,term,possible_sessions,attended_sessions,authorised_absence\nP0002,2021/22,autumn,140,111,29\n");
        using var c = Database.Open();
        var e = Assert.Throws<LoadException>(() => Load(c, data));
        Assert.StartsWith("attendance.csv line 1: required column unauthorised_absence missing from the header", e.Message);
    }

    [Fact]
    public void EmptyFile_StopsTheLoad_NamingIt()
    {
        using var data = TestData.FromSample();
        data.Write("plans.csv", "");
        using var c = Database.Open();
        var e = Assert.Throws<LoadException>(() => Load(c, data));
        Assert.StartsWith("plans.csv line 1: the file is empty", e.Message);
    }

    [Fact]
    public void StrictLoad_WithARejectedRow_ChangesNothing()
    {
        using var data = TestData.FromSample();
        using var c = Database.Open();
        Load(c, data);
        var before = Snapshot(c);
        data.Write("families.csv", "family_id,attached_date\nF100,2024-01-01\n");
        data.AppendLine("attendance.csv", "P0002,2020/21,autumn,140,100,20,19");
        var e = Assert.Throws<LoadException>(() => Load(c, data, new LoadOptions { Strict = true }));
        Assert.NotEmpty(e.Rejects);
        Assert.Equal(before, Snapshot(c));
    }

    [Fact]
    public void FailedLoad_LeavesTheDatabaseExactlyAsItWas()
    {
        using var data = TestData.FromSample();
        using var c = Database.Open();
        Load(c, data);
        var before = Snapshot(c);
        data.Write("claims.csv", "family_id,claim_date\nF001,2024-04-15\n");
        data.Write("plans.csv", "plan_id\n");
        Assert.Throws<LoadException>(() => Load(c, data));
        Assert.Equal(before, Snapshot(c));
    }

    [Fact]
    public void Reload_ReplacesTheTablesItLoads_AndTheirRejects()
    {
        using var data = TestData.FromSample();
        data.AppendLine("people.csv", "P0800,1990-01-01,femal,");
        using var c = Database.Open();
        var first = Load(c, data);
        Assert.Equal(1, c.Scalar<long>("SELECT count(*) FROM load_rejects"));
        var lines = data.Lines("people.csv");
        data.Write("people.csv", string.Join("\n", lines[..^1]) + "\n");
        var second = Load(c, data);
        Assert.Equal(first.LoadId + 1, second.LoadId);
        Assert.Equal(0, c.Scalar<long>("SELECT count(*) FROM load_rejects"));
        Assert.Equal(lines.Length - 2, c.Scalar<long>("SELECT count(*) FROM people"));
        Assert.Equal(2 * 15, c.Scalar<long>("SELECT count(*) FROM load_log"));
    }

    [Fact]
    public void Rejects_AreQueryableInTheDatabase()
    {
        using var data = TestData.FromSample();
        data.AppendLine("incidents.csv", "I0100,P0004,2023-05-01,burglary,perpetrator,,police");
        using var c = Database.Open();
        Load(c, data);
        var r = Assert.Single(c.Rows("SELECT table_name, file_name, line, column_name, rule, value, row_text FROM load_rejects"));
        Assert.Equal("incidents", r[0]);
        Assert.Equal(data.Lines("incidents.csv").Length, r[2]);
        Assert.Equal("incident_type", r[3]);
        Assert.Equal("burglary", r[5]);
        Assert.Equal("I0100,P0004,2023-05-01,burglary,perpetrator,,police", r[6]);
    }

    [Fact]
    public void Rejects_InTheDatabase_MatchTheResult_TextForText()
    {
        // Quotes, commas, line breaks (CRLF too) inside the row, an empty column name (a structural reject), a NULL value and line.
        using var data = TestData.FromSample();
        data.AppendLine("people.csv", "P0700,1990-01-01,\"fe\"\"male\",\"Mixed,\r\nother\"");
        data.AppendLine("people.csv", "P0701,1990-01-01,female,,extra");
        data.AppendLine("people.csv", ",1990-01-01,female,");
        data.AppendLine("people.csv", "P0703,1990-01-01,\"\\N\",NULL");
        using var c = Database.Open();
        var expected = Load(c, data).Rejects;
        Assert.Equal(4, expected.Count);
        Assert.Contains(expected, r => r.Column == "" && r.Rule == "too_many_fields");
        Assert.Contains(expected, r => r.Value is null && r.Rule == "required");
        var actual = c.All<RejectedRow>("SELECT table_name, file_name, line, column_name, rule, value, message, row_text FROM load_rejects ORDER BY line");
        Assert.Equal(expected.OrderBy(x => x.Line), actual);
    }

    private static string Snapshot(DuckDBConnection c)
    {
        var parts = new List<string>();
        foreach (var t in OutcomeAnalytics.Dictionary.DataDictionary.Default.Tables.Select(t => t.Name).Concat(["load_log", "load_rejects"]))
        {
            var r = c.Rows($"SELECT * FROM {t} ORDER BY ALL");
            parts.Add(t + ":" + string.Join(";", r.Select(row => string.Join(",", row.Select(v => v?.ToString())))));
        }
        return string.Join("\n", parts);
    }
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
