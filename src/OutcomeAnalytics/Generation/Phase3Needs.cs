namespace OutcomeAnalytics.Generation;

/// <summary>Who a need can be about.</summary>
internal enum NeedScope
{
    /// <summary>The whole family: the need row has no person.</summary>
    Family,
    /// <summary>An adult (18 or over).</summary>
    Adult,
    /// <summary>A child in an age range (born children only).</summary>
    Child,
    /// <summary>Anyone in the family.</summary>
    Anyone,
}

/// <summary>One phase 3 need: its code, how often it is identified (relative weight) and whom it can be about.</summary>
internal sealed record NeedSpec(string Code, double Weight, NeedScope Scope, int MinAge = 0, int MaxAge = 17)
{
    public int Headline => int.Parse(Code.AsSpan(0, Code.IndexOf('.', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The 34 needs of the phase 3 framework (10 headlines) with the relative weights the generator draws them with.
/// The weights make education, mental health, family relationships and domestic abuse the most common headlines,
/// as the programme's reporting describes; the exact figures are this project's assumption (see
/// <c>data-dictionary/synthetic-data.md</c>).
/// </summary>
internal static class Phase3Needs
{
    public static readonly NeedSpec[] All =
    [
        new("1.1", 30, NeedScope.Child, 5, 15),
        new("1.2", 6, NeedScope.Child, 5, 15),
        new("1.3", 12, NeedScope.Child, 5, 15),
        new("1.4", 8, NeedScope.Child, 2, 17),
        new("2.1", 5, NeedScope.Adult),
        new("2.2", 3, NeedScope.Child, 0, 5),
        new("2.3", 5, NeedScope.Child, 0, 5),
        new("3.1", 25, NeedScope.Child, 0, 17),
        new("3.2", 35, NeedScope.Adult),
        new("3.3", 10, NeedScope.Anyone),
        new("4.1", 8, NeedScope.Adult),
        new("4.2", 3, NeedScope.Child, 11, 17),
        new("5.1", 30, NeedScope.Family),
        new("5.2", 12, NeedScope.Family),
        new("5.3", 6, NeedScope.Child, 8, 17),
        new("5.4", 3, NeedScope.Child, 8, 17),
        new("6.1", 10, NeedScope.Child, 0, 17),
        new("6.2", 3, NeedScope.Child, 10, 17),
        new("6.3", 2, NeedScope.Child, 10, 17),
        new("6.4", 3, NeedScope.Child, 10, 17),
        new("6.5", 0.5, NeedScope.Child, 10, 17),
        new("6.6", 3, NeedScope.Child, 8, 17),
        new("7.1", 8, NeedScope.Adult),
        new("7.2", 4, NeedScope.Child, 10, 17),
        new("7.3", 4, NeedScope.Child, 10, 17),
        new("8.1", 22, NeedScope.Family),
        new("8.2", 6, NeedScope.Adult),
        new("8.3", 10, NeedScope.Child, 0, 17),
        new("9.1", 3, NeedScope.Family),
        new("9.2", 7, NeedScope.Family),
        new("9.3", 1, NeedScope.Child, 16, 17),
        new("10.1", 12, NeedScope.Adult),
        new("10.2", 12, NeedScope.Family),
        new("10.3", 4, NeedScope.Child, 16, 17),
    ];

    /// <summary>How many distinct needs a family has: weights for 2, 3, 4 … 9 (2 = not eligible for phase 3).</summary>
    public static readonly double[] CountWeights = [6, 20, 24, 20, 14, 8, 5, 3];

    /// <summary>Needs for which a second person of the same family is also recorded, with this probability.</summary>
    public static double SecondPerson(string code) => code switch
    {
        "1.1" or "3.1" or "8.3" or "6.1" => 0.25,
        "3.2" or "10.1" => 0.15,
        _ => 0,
    };

    /// <summary>Free-text bases written for non-crime needs (crime needs carry offence, arrest, named_suspect or asb).</summary>
    public static string? FreeBasis(string code) => code[..code.IndexOf('.', StringComparison.Ordinal)] switch
    {
        "1" => "school attendance return",
        "2" => "health visitor",
        "3" => "GP or CAMHS",
        "4" => "substance misuse service",
        "5" => "practitioner assessment",
        "6" => "MASH contact",
        "8" => "police DA notification",
        "9" => "housing options",
        "10" => "DWP",
        _ => null,
    };
}
