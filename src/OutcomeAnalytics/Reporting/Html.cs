using System.Net;

namespace OutcomeAnalytics.Reporting;

/// <summary>Small helpers for writing HTML safely.</summary>
public static class Html
{
    /// <summary>Encodes text for an HTML element or a quoted attribute.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
