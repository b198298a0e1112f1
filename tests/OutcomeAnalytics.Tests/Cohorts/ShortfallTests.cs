using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Cohorts;

/// <summary>One shortfall sentence per measure kind, from details shaped as each kind writes them.</summary>
public sealed class ShortfallTests
{
    private static MeasureNode Measure(string kind, string id = "n") => new(kind, new Dictionary<string, ArgumentValue>()) { Id = id };

    [Theory]
    [InlineData("attendance_improvement", "not_met",
        """{"baseline_terms":[{"term":"2022/23 spring","start":"2023-01-04","end":"2023-03-31","possible":116,"attended":55},{"term":"2022/23 summer","start":"2023-04-17","end":"2023-07-21","possible":128,"attended":60}],"baseline_percent":47.13,"outcome_terms":[{"term":"2024/25 spring","start":"2025-01-06","end":"2025-04-11","possible":130,"attended":78},{"term":"2024/25 summer","start":"2025-04-28","end":"2025-07-18","possible":108,"attended":62}],"outcome_percent":58.82,"mode":"relative","improvement":0.2481,"improvement_required":0.30,"minimum_percent":50}""",
        "attendance 58.8% over spring and summer 2025 against 47.1% over spring and summer 2023 (a 24.8% rise), needs a 30% rise")]
    [InlineData("attendance_threshold", "insufficient_data",
        """{"outcome_terms":[{"term":"2024/25 autumn","start":"2024-09-02","end":"2024-12-20","possible":140,"attended":130},{"term":"2024/25 spring","start":"2025-01-06","end":"2025-04-11","possible":null,"attended":null}],"attendance_percent":null,"threshold_percent":90}""",
        "no attendance recorded for spring 2025")]
    [InlineData("exclusion_reduction", "not_met",
        """{"baseline_terms":[{"term":"2023/24 autumn","start":"2023-09-04","end":"2023-12-15"},{"term":"2023/24 spring","start":"2024-01-04","end":"2024-03-28"}],"outcome_terms":[{"term":"2024/25 spring","start":"2025-01-06","end":"2025-04-11"},{"term":"2024/25 summer","start":"2025-04-28","end":"2025-07-18"}],"baseline_days_lost":0.0000,"outcome_days_lost":6.5000,"permanent_in_outcome_terms":0,"baseline_exclusions":[],"outcome_exclusions":[{"start":"2025-01-06","category":"suspension","days_lost":6.5}],"min_reduction":0}""",
        "6.5 days lost to exclusions over spring and summer 2025 against 0 over autumn 2023 and spring 2024, needs fewer")]
    [InlineData("exclusion_reduction", "not_met",
        """{"baseline_terms":[],"outcome_terms":[{"term":"2024/25 spring","start":"2025-01-06","end":"2025-04-11"}],"baseline_days_lost":9,"outcome_days_lost":2,"permanent_in_outcome_terms":1,"baseline_exclusions":[],"outcome_exclusions":[{"start":"2025-02-03","category":"permanent","days_lost":2}],"min_reduction":0}""",
        "a permanent exclusion in spring 2025 (2025-02-03)")]
    [InlineData("instrument_improvement", "not_met",
        """{"instruments":"SDQ","baseline_until":"2024-06-16","followup_min_gap_days":28,"followup_until":"2025-09-30","pairs":[{"person_id":"P","instrument":"SDQ","informant":"parent","baseline_date":"2024-05-07","baseline":18.0000,"followup_date":"2024-12-31","followup":20.0000,"better":"lower","change":-2.0000,"reliable_change":null}],"min_change":0,"reliable_improvement":false}""",
        "SDQ (parent) 18 on 2024-05-07 to 20 on 2024-12-31, lower is better")]
    [InlineData("instrument_improvement", "insufficient_data",
        """{"instruments":"WEMWBS,SWEMWBS","baseline_until":"2024-06-16","followup_min_gap_days":28,"followup_until":"2025-09-30","pairs":[],"min_change":0,"reliable_improvement":false}""",
        "no baseline questionnaire (WEMWBS, SWEMWBS) by 2024-06-16")]
    [InlineData("no_referrals", "not_met",
        """{"window":{"name":"post_closure","from":"2023-10-15","to":"2024-04-15"},"services":"childrens_social_care","referrals":[{"referral_id":"R1","person_id":"P","family_id":"F","date":"2023-11-29","service":"childrens_social_care"}]}""",
        "1 referral to children's social care after closure (2023-11-29)")]
    [InlineData("no_incidents", "not_met",
        """{"window":{"name":"pre_closure","from":"2024-04-28","to":"2024-05-28"},"incident_types":"domestic_abuse","incidents":[{"incident_id":"I1","person_id":"P","date":"2024-04-28","type":"domestic_abuse"},{"incident_id":"I2","person_id":"P","date":"2024-05-28","type":"domestic_abuse"}]}""",
        "2 domestic abuse incidents before closure (2024-04-28, 2024-05-28)")]
    [InlineData("plan_closed", "not_met",
        """{"window":{"from":"2023-02-14","to":"2025-09-30"},"plans":[{"plan_id":"PL1","type":"child_protection","start":"2022-09-05","end":"2023-01-17","end_reason":"closed"},{"plan_id":"PL2","type":"child_in_need","start":"2024-01-05","end":"2025-09-30","end_reason":"stepped_up"}]}""",
        "no plan closed or stepped down since attachment (latest: child in need plan ended 2025-09-30, stepped up)")]
    [InlineData("plan_closed", "not_met",
        """{"window":{"from":"2023-02-14","to":"2025-09-30"},"plans":[{"plan_id":"PL2","type":"child_in_need","start":"2024-01-05","end":"2025-10-01","end_reason":"closed"}]}""",
        "child in need plan still open (since 2024-01-05)")]
    [InlineData("incident_reduction", "not_met",
        """{"basis":"offence","baseline_count":1,"baseline_6_months":0,"post_closure_count":1,"severe_post_closure":0,"route":"zero","allowed":0.0,"baseline_from":"2022-10-05","post_closure_from":"2024-03-27","post_closure_to":"2024-09-27","incidents":[{"incident_id":"I1","date":"2023-01-25","type":"offence","severe":false,"counted":true,"window":"baseline"},{"incident_id":"I2","date":"2024-09-27","type":"offence","severe":false,"counted":true,"window":"post_closure"}]}""",
        "1 offence after closure (2024-09-27), where none are allowed from a baseline of 1")]
    [InlineData("incident_reduction", "not_met",
        """{"basis":null,"baseline_count":10,"baseline_6_months":4,"post_closure_count":1,"severe_post_closure":1,"route":"reduction","allowed":2.5,"baseline_from":"2022-10-05","post_closure_from":"2024-03-27","post_closure_to":"2024-09-27","incidents":[{"incident_id":"I2","date":"2024-03-28","type":"arrest","severe":true,"counted":true,"window":"post_closure"}]}""",
        "a severe incident after closure (2024-03-28)")]
    [InlineData("sustained_employment", "not_met",
        """{"window":{"from":"2023-05-04","to":"2025-09-30"},"sustain_until":"2024-03-01","spells":[{"status":"employed","start":"2023-05-04","end":"2024-02-29"}]}""",
        "the job from 2023-05-04 ended on 2024-02-29, before 2024-03-01")]
    [InlineData("eet_status", "not_met",
        """{"latest":"neet","latest_date":"2025-06-30","evaluation_date":"2025-09-30","neet_after_closure":0,"post_closure_from":"2024-11-02","post_closure_to":"2025-05-02","statuses":[]}""",
        "latest status NEET (2025-06-30)")]
    [InlineData("eet_status", "not_met",
        """{"latest":"eet","latest_date":"2025-09-30","evaluation_date":"2025-09-30","neet_after_closure":1,"post_closure_from":"2024-11-02","post_closure_to":"2025-05-02","statuses":[{"date":"2024-11-02","status":"neet"},{"date":"2025-03-31","status":"neet"},{"date":"2025-06-30","status":"eet"}]}""",
        "NEET after closure (2025-03-31)")]
    [InlineData("evidence", "not_met", """{"window":{"from":"2024-11-15","to":"2025-09-30"},"require_verified":true,"evidence":[]}""",
        "no verified evidence recorded since attachment (2024-11-15)")]
    public void Each_kind_words_its_shortfall_from_its_detail(string kind, string status, string detail, string expected) =>
        Assert.Equal(expected, Shortfall.Of(Measure(kind), status, "The measure's reason.", detail));

    [Fact]
    public void All_of_gives_its_failing_parts_and_any_of_its_alternatives()
    {
        var rule = new AllOf([Measure("evidence", "r/1"), new AnyOf([Measure("no_incidents", "r/2/1"), Measure("evidence", "r/2/2")]) { Id = "r/2" }]) { Id = "r" };
        const string Detail = """
            {"combine":"all_of","parts":[
              {"node":"r/1","status":"met","reason":"Evidence recorded.","detail":{"window":{"from":"2024-01-01","to":"2025-09-30"},"require_verified":false,"evidence":[]}},
              {"node":"r/2","status":"not_met","reason":"x","detail":{"combine":"any_of","parts":[
                {"node":"r/2/1","status":"not_met","reason":"1 police_report incident(s).","detail":{"window":{"name":"post_closure","from":"2025-03-01","to":"2025-09-01"},"incident_types":"police_report","incidents":[{"incident_id":"I","person_id":"P","date":"2025-03-02","type":"police_report"}]}},
                {"node":"r/2/2","status":"not_met","reason":"No qualifying evidence.","detail":{"window":{"from":"2024-01-01","to":"2025-09-30"},"require_verified":false,"evidence":[]}}]}}]}
            """;
        Assert.Equal("1 police incident after closure (2025-03-02); or no evidence recorded since attachment (2024-01-01)", Shortfall.Of(rule, "not_met", "x", Detail));
    }

    [Fact]
    public void A_detail_without_the_figures_falls_back_to_the_measures_own_reason()
    {
        Assert.Equal("no attendance recorded for 1 of the outcome terms", Shortfall.Of(Measure("attendance_threshold"), "not_met", "No attendance recorded for 1 of the outcome terms.", "{}"));
        Assert.Equal("the family is still open", Shortfall.Of(Measure("evidence"), "not_met", "The family is still open.", ""));
    }
}
