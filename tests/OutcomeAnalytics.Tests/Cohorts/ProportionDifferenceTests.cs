using System.Globalization;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Tests.Cohorts;

/// <summary>Newcombe's hybrid score interval for a difference of two proportions, against published and independent figures.</summary>
public sealed class ProportionDifferenceTests
{
    /// <summary>The normal quantile statsmodels uses for 95% (scipy's exact value); the library's default is 1.96.</summary>
    private const double Z95 = 1.959963984540054;

    /// <summary>(events, trials) pairs: Newcombe's own examples, zero and full counts, small and large groups, equal proportions.</summary>
    private static readonly (long E1, long N1, long E2, long N2)[] Cases =
    [
        (56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20), (10, 10, 0, 10), (1, 4, 3, 4),
        (504, 2725, 20, 139), (1500, 3000, 1480, 3000), (0, 1, 1, 1), (37, 250, 12, 61),
    ];

    [Fact]
    public void Matches_Newcombe_1998_table_II()
    {
        // Newcombe (1998), "Interval estimation for the difference between independent proportions", Statistics in
        // Medicine 17: method 10 for 56/70 - 48/80 is 0.0524 to 0.3339, and for 9/10 - 3/10 0.1705 to 0.8090.
        var a = ProportionDifference.Newcombe(56, 70, 48, 80);
        Assert.Equal((0.2, 0.0524, 0.3339), (Math.Round(a.Value, 4), Math.Round(a.Lower, 4), Math.Round(a.Upper, 4)));
        var b = ProportionDifference.Newcombe(9, 10, 3, 10);
        Assert.Equal((0.1705, 0.809), (Math.Round(b.Lower, 4), Math.Round(b.Upper, 4)));
        Assert.True(a.ExcludesZero);
    }

    [Fact]
    public void Agrees_with_statsmodels_confint_proportions_2indep_newcomb()
    {
        const string python = "/usr/bin/python3";
        var script = string.Join("\n",
            "import sys",
            "try:",
            "    from statsmodels.stats.proportion import confint_proportions_2indep",
            "except ImportError:",
            "    sys.exit(3)",
            "for line in sys.argv[1:]:",
            "    e1, n1, e2, n2 = map(int, line.split(','))",
            "    low, upp = confint_proportions_2indep(e1, n1, e2, n2, method='newcomb', compare='diff', alpha=0.05)",
            "    print(repr(float(low)), repr(float(upp)))");
        if (!File.Exists(python)) Assert.Skip("Python 3 is not installed, so Newcombe's interval was not checked against statsmodels: apt-get install -y python3 python3-statsmodels");
        var (code, output, error) = ExternalProcess.Run(python, ["-c", script, .. Cases.Select(c => FormattableString.Invariant($"{c.E1},{c.N1},{c.E2},{c.N2}"))]);
        if (code == 3) Assert.Skip("Python's statsmodels is not installed, so Newcombe's interval was not checked against it: apt-get install -y python3-statsmodels");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Cases.Length, lines.Length);
        foreach (var (c, line) in Cases.Zip(lines))
        {
            var expected = line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var ours = ProportionDifference.Newcombe(c.E1, c.N1, c.E2, c.N2, Z95);
            Assert.True(Math.Abs(ours.Lower - expected[0]) < 1e-9 && Math.Abs(ours.Upper - expected[1]) < 1e-9,
                $"{c}: ours {ours.Lower:R} to {ours.Upper:R}, statsmodels {expected[0]:R} to {expected[1]:R}");
            // With the library's 1.96 the limits move by well under a thousandth.
            var rounded = ProportionDifference.Newcombe(c.E1, c.N1, c.E2, c.N2);
            Assert.True(Math.Abs(rounded.Lower - expected[0]) < 1e-4 && Math.Abs(rounded.Upper - expected[1]) < 1e-4, $"{c} with z = 1.96");
        }
    }

    [Fact]
    public void Is_bounded_and_refuses_empty_groups()
    {
        var all = ProportionDifference.Newcombe(10, 10, 0, 10);
        Assert.True(all.Lower > 0 && all.Upper <= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionDifference.Newcombe(0, 0, 1, 2));
    }
}
