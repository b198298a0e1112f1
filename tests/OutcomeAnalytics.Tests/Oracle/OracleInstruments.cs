namespace OutcomeAnalytics.Tests.Oracle;

/// <summary>
/// The questionnaire facts the instrument route needs, typed in from the instruments reference (total scale:
/// which direction is better, the reliable-change threshold where one is published) and the SWEMWBS raw → metric
/// table (Stewart-Brown et al. 2009). Deliberately not read from the model, so a wrong model value shows up.
/// </summary>
internal static class OracleInstruments
{
    /// <summary>Instrument → (higher is better, reliable change or null). The SDQ's depends on the informant (<see cref="ReliableChange"/>).</summary>
    public static readonly IReadOnlyDictionary<string, (bool HigherIsBetter, decimal? ReliableChange)> Total =
        new Dictionary<string, (bool, decimal?)>(StringComparer.Ordinal)
        {
            ["SDQ"] = (false, null),
            ["WEMWBS"] = (true, 3m),
            ["SWEMWBS"] = (true, 2.87m),
            ["GAD7"] = (false, 4m),
            ["PHQ9"] = (false, 6m),
            ["K10"] = (false, null),
            ["RCADS"] = (false, null),
            ["DASS21"] = (false, null),
            ["AUDIT"] = (false, null),
            ["AUDITC"] = (false, null),
            ["CRAFFT"] = (false, null),
            ["DASTA"] = (false, null),
            ["ASQ"] = (true, null),
            ["MORS"] = (true, null),
            ["FRQ"] = (true, null),
        };

    /// <summary>
    /// The reliable change for a series answered by <paramref name="informant"/>: for the SDQ, "no published RCI value;
    /// use Jacobson–Truax 1.96 × SD × √(2(1 − r)) with SD and r stored per informant", worked by hand for parent
    /// reports (SD 5.8, r 0.80: 1.96 × 5.8 × √0.4 = 7.1898); no values are known for other informants.
    /// </summary>
    public static decimal? ReliableChange(string instrument, string informant) =>
        instrument == "SDQ" ? (informant == "parent" ? 7.1898m : null) : Total[instrument].ReliableChange;

    private static readonly decimal[] SwemwbsMetric =
    [
        7.00m, 9.51m, 11.25m, 12.40m, 13.33m, 14.08m, 14.75m, 15.32m, 15.84m, 16.36m, // raw 7..16
        16.88m, 17.43m, 17.98m, 18.59m, 19.25m, 19.98m, 20.73m, 21.54m, 22.35m, 23.21m, // raw 17..26
        24.11m, 25.03m, 26.02m, 27.03m, 28.13m, 29.31m, 30.70m, 32.55m, 35.00m, // raw 27..35
    ];

    /// <summary>"SWEMWBS raw totals are converted to metric scores first."</summary>
    public static decimal Score(string instrument, decimal raw)
    {
        if (instrument != "SWEMWBS") return raw;
        var index = (int)raw - 7;
        return raw == decimal.Truncate(raw) && index >= 0 && index < SwemwbsMetric.Length ? SwemwbsMetric[index] : raw;
    }
}
