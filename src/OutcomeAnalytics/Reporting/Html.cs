using System.Net;
using System.Text;

namespace OutcomeAnalytics.Reporting;

/// <summary>Small helpers for writing HTML safely.</summary>
public static class Html
{
    /// <summary>
    /// Encodes text for an HTML element or a quoted attribute. A control character other than tab, line feed and
    /// carriage return (not allowed in HTML, and fatal to an SVG read as XML) is shown as its Unicode control picture
    /// (␇ for BEL, ␛ for ESC, ␡ for DEL), or as U+FFFD for one of the C1 controls.
    /// </summary>
    public static string Encode(string? text)
    {
        var encoded = WebUtility.HtmlEncode(text ?? "");
        if (!encoded.Any(IsDisallowed)) return encoded;
        var shown = new StringBuilder(encoded.Length);
        foreach (var c in encoded)
            shown.Append(!IsDisallowed(c) ? c : c < ' ' ? (char)('\u2400' + c) : c == '\u007f' ? '\u2421' : '\ufffd');
        return shown.ToString();
    }

    private static bool IsDisallowed(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');
}
