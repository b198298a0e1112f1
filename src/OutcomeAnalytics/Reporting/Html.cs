using System.Net;
using System.Text.Json.Nodes;

namespace OutcomeAnalytics.Reporting;

/// <summary>Small helpers for writing HTML safely.</summary>
public static class Html
{
    /// <summary>Encodes text for an HTML element or a quoted attribute.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>
    /// JSON for a <c>&lt;script type="application/json"&gt;</c> element: <c>&lt;/</c> and <c>&lt;!--</c> are escaped so
    /// that no value can end the element early.
    /// </summary>
    public static string ScriptJson(JsonNode json) =>
        json.ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal).Replace("<!--", "<\\!--", StringComparison.Ordinal);

    /// <summary>Script text for an inline <c>&lt;script&gt;</c> element (any <c>&lt;/script</c> inside is escaped).</summary>
    public static string ScriptText(string script) => script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
}
