namespace OutcomeAnalytics.Tests.Cli;

public sealed class EvaluateCliTests
{
    [Fact]
    public void Evaluate_FromADataFolder_WritesTheContractColumns()
    {
        using var data = TestData.FromSample();
        var output = data.PathOf("needs.out");
        var (code, _, error) = CliTests.Run("evaluate", "--framework", "phase3", "--as-at", "2025-10-01", "--data", data.Folder, "--out", output);
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("family_id,need_code,person_id,status,reason,detail,reliable_improvement", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("F002,7.1,P0004,met,", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_ToAFile_WritesWhatItPrints()
    {
        // With --out the rows are written by DuckDB from the evaluation's tables; without, by the .NET writer.
        using var data = TestData.FromSample();
        var output = data.PathOf("needs.out");
        var (code, printed, error) = CliTests.Run("evaluate", "--as-at", "2025-10-01", "--data", data.Folder);
        Assert.True(code == 0, error);
        Assert.Equal(0, CliTests.Run("evaluate", "--as-at", "2025-10-01", "--data", data.Folder, "--out", output).Code);
        Assert.True(printed.Length > 1000);
        Assert.Equal(printed, File.ReadAllText(output));
    }

    [Fact]
    public void Claims_FromADatabase_OneRowPerFamily()
    {
        using var data = TestData.FromSample();
        Assert.Equal(0, CliTests.Run("load", "--data", data.Folder, "--db", data.DbPath, "--quiet").Code);
        var (code, output, error) = CliTests.Run("claims", "--as-at", "2025-10-01", "--db", data.DbPath);
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("family_id,status,needs_identified,needs_met,claim_due_date,reason", lines[0].TrimEnd('\r'));
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("F001,already_claimed,4,", lines[1]);
        Assert.StartsWith("F005,not_eligible,2,", lines[5]);
    }

    [Fact]
    public void NeedRowsNotJudged_AreWarnedOf_OnStandardError()
    {
        using var data = TestData.FromSample();
        File.AppendAllText(Path.Combine(data.Folder, "needs.csv"), "F005,1.5,P0013,2024-02-05,,\nF005,2.1,P0013,2024-02-05,,local-plan\n");
        var (code, output, error) = CliTests.Run("claims", "--as-at", "2025-10-01", "--data", data.Folder);
        Assert.True(code == 0, error);
        // F005 still has two needs identified: the row with code 1.5 (not a phase 3 need) does not count.
        Assert.Contains("F005,not_eligible,2,", output);
        Assert.Contains("warning: 1 need row(s) have code '1.5', which is not a need of phase3: they were not judged", error);
        Assert.Contains("warning: 1 need row(s) are recorded for framework 'local-plan', so phase3 did not judge them", error);
        // The sample itself has none.
        var (_, _, clean) = CliTests.Run("claims", "--as-at", "2025-10-01", "--data", TestData.SampleFolder);
        Assert.DoesNotContain("not judged", clean);
    }

    private const string LocalPlan = """
        framework: local
        title: A local outcome plan
        version: "2019"
        source: the council's own plan
        headlines: [{ number: 1, title: Family wellbeing }]
        parameters:
          - { name: outcome_terms, type: integer, default: 3, meaning: Terms in the outcome window. }
          - { name: baseline_terms, type: integer, default: 3, meaning: Terms in the baseline window. }
          - { name: require_verified, type: boolean, default: false, meaning: Only verified evidence counts. }
        eligibility: { min_needs: 1, count: needs, prerequisites: [] }
        claim: { due_months_after_closure: 6 }
        needs:
          - { code: L1, headline: 1, title: Family functioning, scope: family, rule: { measure: evidence } }
        """;

    [Fact]
    public void Evaluate_AFrameworkFile_JudgesTheNeedsRecordedUnderItsId()
    {
        // A reviewer's local plan, in the model's format, evaluated from its file; only needs recorded with its id count.
        using var data = TestData.FromSample().AppendLine("needs.csv", "F001,L1,,2023-01-16,,local").Write("local.yaml", LocalPlan);
        var (code, output, error) = CliTests.Run("evaluate", "--framework", data.PathOf("local.yaml"), "--as-at", "2025-10-01", "--data", data.Folder);
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("F001,L1,,not_met,No qualifying evidence recorded between attachment and the evaluation date.,", lines[1]);
    }

    [Fact]
    public void Evaluate_ABrokenOrMissingFrameworkFile_SaysWhatIsWrong()
    {
        using var data = TestData.FromSample().Write("broken.yaml", LocalPlan.Replace("measure: evidence", "measure: telepathy", StringComparison.Ordinal));
        var (code, _, error) = CliTests.Run("evaluate", "--framework", data.PathOf("broken.yaml"), "--as-at", "2025-10-01", "--data", data.Folder);
        Assert.Equal(1, code);
        Assert.Contains("broken.yaml", error);
        Assert.Contains("unknown measure kind 'telepathy'", error);

        (code, _, error) = CliTests.Run("evaluate", "--framework", data.PathOf("absent.yaml"), "--as-at", "2025-10-01", "--data", data.Folder);
        Assert.Equal(2, code);
        Assert.Contains($"The framework file '{data.PathOf("absent.yaml")}' does not exist.", error);
        (code, _, error) = CliTests.Run("params", "--framework", "phase9");
        Assert.Equal(2, code);
        Assert.Contains("There is no framework 'phase9' (known: herefordshire-2020, outcome-plan-c1-c6, phase3-sfop, phase3, sunderland-2015; or give the path of a framework YAML file).", error);
    }

    [Fact]
    public void Explain_ShowsEveryNeedWithItsDecisionAndFigures()
    {
        using var data = TestData.FromSample();
        var (code, output, error) = CliTests.Run("explain", "--family", "F002", "--as-at", "2025-10-01", "--data", data.Folder);
        Assert.True(code == 0, error);
        Assert.Contains("Family F002 under Supporting Families Outcome Framework, phase 3", output);
        Assert.Contains("\nAttached (A): 2023-03-01; closed (C): 2024-02-15\n", output);
        Assert.Contains("Need 7.1 Adult involved in crime or anti-social behaviour in the last 12 months (adult scope), person P0004", output);
        // The figures as an outline an auditor reads, not JSON: a figure a line, each record on one line, each part of
        // a combined rule under its decision.
        Assert.Contains("\n    baseline count: 2\n", output);
        Assert.Contains("\n      - incident id I0001, date 2022-04-18, type offence, severe no, counted yes, window baseline\n", output);
        Assert.Contains("\n      - part 4.1/any_of/2: not_met. No qualifying evidence recorded between attachment and the evaluation date.\n"
            + "          window: from 2023-03-01, to 2025-10-01\n          require verified: no\n          evidence: none\n", output);
        Assert.Contains("pairs:\n            - person id P0005, instrument AUDIT, informant self, baseline date 2023-03-12, baseline 17, followup date 2023-10-02, followup 9, better lower, change 8, reliable change none\n", output);
        Assert.DoesNotContain("{", output);
        Assert.Contains("Decision: insufficient_data. Attendance is missing for an outcome term.", output);
    }

    [Fact]
    public void Explain_AnOpenFamily_ShowsItsAttachmentDateAndNoClosure()
    {
        using var data = TestData.FromSample();
        var (code, output, error) = CliTests.Run("explain", "--family", "F003", "--as-at", "2025-10-01", "--data", data.Folder);
        Assert.True(code == 0, error);
        var header = output.Split('\n');
        Assert.StartsWith("Family F003 under ", header[0]);
        Assert.Equal("Attached (A): 2023-06-12; closed (C): (open)", header[1]);
    }

    [Fact]
    public void Explain_UnknownFamily_IsAUsageErrorNamingIt()
    {
        using var data = TestData.FromSample();
        var (code, _, error) = CliTests.Run("explain", "--family", "F999", "--as-at", "2025-10-01", "--data", data.Folder);
        Assert.Equal(2, code);
        Assert.Contains("F999", error);
    }

    [Fact]
    public void Param_Override_ChangesTheDecision_AndBadOnesAreUsageErrors()
    {
        using var data = TestData.FromSample();
        var (_, normal, _) = CliTests.Run("claims", "--as-at", "2025-10-01", "--data", data.Folder);
        var (code, lowered, _) = CliTests.Run("claims", "--as-at", "2025-10-01", "--data", data.Folder, "--param", "eligibility_min_needs=2");
        Assert.Equal(0, code);
        // F005 has two needs: below the minimum of 3; with a minimum of 2 its missing prerequisites decide instead.
        Assert.Contains("F005,not_eligible,2,0,2024-12-28,Only 2 needs identified; at least 3 are needed.", normal);
        Assert.Contains("F005,not_eligible,2,0,2024-12-28,\"Not eligible: recorded as not in place: lead practitioner, whole family assessment, family plan.\"", lowered);
        var (bad, _, error) = CliTests.Run("claims", "--as-at", "2025-10-01", "--data", data.Folder, "--param", "eligibility_min_needs=three");
        Assert.Equal(2, bad);
        Assert.Contains("'three' is not a valid value for eligibility_min_needs", error);
        // A value of the right type that the rule cannot use names the need and the parameter.
        (bad, _, error) = CliTests.Run("claims", "--as-at", "2025-10-01", "--data", data.Folder, "--param", "adult_zero_route_max=-1");
        Assert.Equal(2, bad);
        Assert.Contains("need 7.1: zero_route_max ($adult_zero_route_max = -1) is below 0", error);
        // A value outside the parameter's bounds names them.
        (bad, _, error) = CliTests.Run("claims", "--as-at", "2025-10-01", "--data", data.Folder, "--param", "post_closure_months=-6");
        Assert.Equal(2, bad);
        Assert.Contains("'-6' is not a valid value for post_closure_months: expected a whole number at least 1.", error);
    }

    [Fact]
    public void Params_ListsEveryParameterWithDefaultAndMeaning()
    {
        var (code, output, _) = CliTests.Run("params", "--framework", "phase3");
        Assert.Equal(0, code);
        Assert.Contains("attendance_threshold = 90  (number, from 0 to 100)", output);
        Assert.Contains("post_closure_months = 6  (integer, at least 1)", output);
        Assert.Contains("improvement_mode = relative  (choice: relative | points | absence_relative)", output);
    }

    [Fact]
    public void Sql_ForOneNeed_PrintsCommentedSql()
    {
        var (code, output, _) = CliTests.Run("sql", "--need", "6.2");
        Assert.Equal(0, code);
        Assert.Contains("-- phase3: measure no_incidents", output);
        Assert.Contains("need 6.2 node 6.2/all_of/1", output);
        Assert.Contains("INSERT INTO ev_results", output);
    }

    [Fact]
    public void Sql_ForAFramework_EndsWithTheClaimStatement_WhichJoinsTheNeedsHeadlines()
    {
        var (code, output, _) = CliTests.Run("sql", "--framework", "phase3");
        Assert.Equal(0, code);
        var claim = output[output.LastIndexOf("-- phase3: family claims", StringComparison.Ordinal)..];
        Assert.Contains("framework_needs", claim);
        Assert.Contains("'already_claimed'", claim);
        Assert.DoesNotContain("(VALUES", claim);
        // One need alone has no claim.
        Assert.DoesNotContain("family claims", CliTests.Run("sql", "--need", "6.2").Out);
    }

    [Fact]
    public void Evaluate_WithoutASource_IsAUsageError()
    {
        var (code, _, error) = CliTests.Run("evaluate", "--as-at", "2025-10-01");
        Assert.Equal(2, code);
        Assert.Contains("--db FILE or --data DIR", error);
    }
}
