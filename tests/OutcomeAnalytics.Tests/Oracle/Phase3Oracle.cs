using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Oracle;

/// <summary>The oracle's decision on one need for one person in scope (person null: the family).</summary>
internal sealed record OracleNeed(string FamilyId, string NeedCode, string? PersonId, string Status, string Reason, bool? ReliableImprovement);

/// <summary>The oracle's claim decision for one family.</summary>
internal sealed record OracleClaim(string FamilyId, string Status, int NeedsIdentified, int NeedsMet, DateOnly? ClaimDueDate, string Reason);

/// <summary>Every decision of one evaluation.</summary>
internal sealed record OracleResult(IReadOnlyList<OracleNeed> Needs, IReadOnlyList<OracleClaim> Claims);

/// <summary>
/// An independent, deliberately simple implementation of the phase 3 reference rules (the project's default reading
/// of seed 000), written from the rules' text: plain loops and LINQ over lists, one method per rule, each quoting the
/// rule it implements. Its only inputs are the loaded tables (<see cref="OracleData"/>) and the run's parameter values;
/// the framework model is used for nothing but those values. Every ⚙ choice reads the parameter of the same name.
/// </summary>
internal sealed partial class Phase3Oracle
{
    private const string FrameworkId = "phase3";

    // ⚙ parameters, by the names the reference rules and the model give them.
    private readonly int _outcomeTerms;
    private readonly int _baselineTerms;
    private readonly decimal _attendanceThreshold;
    private readonly bool _meanOfTerms;
    private readonly bool _authorisedAbsenceCounts;
    private readonly decimal _improvedAttendanceMinimum;
    private readonly decimal _attendanceImprovement;
    private readonly string _improvementMode;
    private readonly decimal _exclusionMinReduction;
    private readonly bool _requireVerified;
    private readonly int _instrumentBaselineDays;
    private readonly int _instrumentMinGapDays;
    private readonly decimal _instrumentMinChange;
    private readonly int _postClosureMonths;
    private readonly int _preClosureMonths;
    private readonly IReadOnlyList<string> _cscReferralServices;
    private readonly IReadOnlyList<string> _daReferralServices;
    private readonly IReadOnlyList<string> _crimeCountedTypes;
    private readonly int _crimeBaselineMonths;
    private readonly int _adultZeroRouteMax;
    private readonly int _youngZeroRouteMax;
    private readonly decimal _reductionFraction;
    private readonly bool _reductionCountSixMonthsBefore;
    private readonly int _eligibilityMinNeeds;
    private readonly bool _eligibilityCountsHeadlines;

    public Phase3Oracle(ParameterSet parameters)
    {
        _outcomeTerms = parameters.Int("outcome_terms");
        _baselineTerms = parameters.Int("baseline_terms");
        _attendanceThreshold = parameters.Number("attendance_threshold");
        _meanOfTerms = parameters.Text("attendance_weighting") == "mean_of_terms";
        _authorisedAbsenceCounts = parameters.Flag("authorised_absence_counts");
        _improvedAttendanceMinimum = parameters.Number("improved_attendance_minimum");
        _attendanceImprovement = parameters.Number("attendance_improvement");
        _improvementMode = parameters.Text("improvement_mode");
        _exclusionMinReduction = parameters.Number("min_reduction");
        _requireVerified = parameters.Flag("require_verified");
        _instrumentBaselineDays = parameters.Int("instrument_baseline_days");
        _instrumentMinGapDays = parameters.Int("instrument_min_gap_days");
        _instrumentMinChange = parameters.Number("min_change");
        _postClosureMonths = parameters.Int("post_closure_months");
        _preClosureMonths = parameters.Int("pre_closure_months");
        _cscReferralServices = parameters.List("csc_referral_services");
        _daReferralServices = parameters.List("da_referral_services");
        _crimeCountedTypes = parameters.List("crime_counted_types");
        _crimeBaselineMonths = parameters.Int("crime_baseline_months");
        _adultZeroRouteMax = parameters.Int("adult_zero_route_max");
        _youngZeroRouteMax = parameters.Int("young_zero_route_max");
        _reductionFraction = parameters.Number("reduction_fraction");
        _reductionCountSixMonthsBefore = parameters.Text("reduction_baseline") == "count_6_months_before";
        _eligibilityMinNeeds = parameters.Int("eligibility_min_needs");
        _eligibilityCountsHeadlines = parameters.Text("eligibility_count") == "headlines";
    }

    /// <summary>Decides every need of every family, and every family's claim, at <paramref name="asAt"/> (T).</summary>
    public OracleResult Evaluate(OracleData data, DateOnly asAt)
    {
        var world = new World(data);
        var needs = new List<OracleNeed>();
        var claims = new List<OracleClaim>();
        foreach (var familyRow in data.Families)
        {
            var family = new FamilyContext(this, world, familyRow, asAt);
            var decisions = DecideNeeds(family);
            needs.AddRange(decisions);
            claims.Add(DecideClaim(family, decisions));
        }
        return new OracleResult(needs, claims);
    }
}
