using System.Globalization;

namespace OutcomeAnalytics.Generation;

/// <summary>What <see cref="ExtractGenerator"/> writes. Every default is documented in <c>data-dictionary/synthetic-data.md</c>.</summary>
public sealed record GenerateOptions
{
    /// <summary>Family episodes to generate. The default is 3,000 (one council's phase 3 caseload).</summary>
    public int Families { get; init; } = 3_000;

    /// <summary>The seed: the same options give byte-identical files. The default is 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>The first attachment date. The default is 2022-10-01, the start of phase 3.</summary>
    public DateOnly Start { get; init; } = new(2022, 10, 1);

    /// <summary>The last attachment date. The default is 2025-03-31, the end of phase 3.</summary>
    public DateOnly End { get; init; } = new(2025, 3, 31);

    /// <summary>
    /// The date the extract was taken: no record is dated after it, and episodes still running then are open.
    /// The default (null) is six months after <see cref="End"/>. A load of the output needs a clock on or after it.
    /// </summary>
    public DateOnly? AsAt { get; init; }

    /// <summary>The share of data rows given one injected problem, 0 to 0.5. The default is 0 (a clean extract).</summary>
    public double DirtyRate { get; init; }

    /// <summary>
    /// The size of the programme effect: 1 is the calibrated default, 0 means support changes nothing (supported
    /// families then fare like the waiting list), 2 doubles the extra improvement (capped at full recovery).
    /// </summary>
    public double Effect { get; init; } = 1.0;

    /// <summary>The share of families on a waiting list (needs identified months before support starts). The default is 0.2.</summary>
    public double WaitingListShare { get; init; } = 0.2;

    /// <summary>The ONS code written in <c>la_code</c>. The default is E06000019 (Herefordshire, a unitary authority).</summary>
    public string LaCode { get; init; } = "E06000019";

    /// <summary>Where the dirty manifest goes (only written when <see cref="DirtyRate"/> &gt; 0). The default (null) is <c>dirty-manifest.csv</c> in the output folder.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>The extract date actually used.</summary>
    public DateOnly ExtractDate => AsAt ?? End.AddMonths(6);

    /// <summary>Checks the options, throwing <see cref="ArgumentException"/> naming the option at fault.</summary>
    public void Validate()
    {
        if (Families < 1) throw new ArgumentException($"--families must be at least 1 (was {Families}).");
        if (Families > 9_000_000) throw new ArgumentException($"--families must be at most 9,000,000 (was {Families:N0}).");
        if (Start.Year < 2012) throw new ArgumentException($"--start must be in 2012 or later (was {Iso(Start)}).");
        if (End < Start) throw new ArgumentException($"--end ({Iso(End)}) is before --start ({Iso(Start)}).");
        if (ExtractDate < End) throw new ArgumentException($"--as-at ({Iso(ExtractDate)}) is before --end ({Iso(End)}).");
        if (ExtractDate.Year > 2090) throw new ArgumentException($"--as-at must be before 2090 (was {Iso(ExtractDate)}).");
        if (double.IsNaN(DirtyRate) || DirtyRate < 0 || DirtyRate > 0.5) throw new ArgumentException($"--dirty must be between 0 and 0.5 (was {DirtyRate.ToString(CultureInfo.InvariantCulture)}).");
        if (double.IsNaN(Effect) || Effect < 0 || Effect > 5) throw new ArgumentException($"--effect must be between 0 and 5 (was {Effect.ToString(CultureInfo.InvariantCulture)}).");
        if (double.IsNaN(WaitingListShare) || WaitingListShare < 0 || WaitingListShare > 1) throw new ArgumentException($"--waiting-list must be between 0 and 1 (was {WaitingListShare.ToString(CultureInfo.InvariantCulture)}).");
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
