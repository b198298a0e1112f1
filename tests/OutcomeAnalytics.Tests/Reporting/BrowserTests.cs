using System.Diagnostics;
using System.Text.RegularExpressions;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Tests.Reporting;

/// <summary>Real-browser tests: they need Chromium (apt-get install -y chromium) and are skipped without it.</summary>
[Collection(nameof(Browser))]
public sealed class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static void RequireChromium()
    {
        if (!File.Exists(Chromium)) Assert.Skip("Chromium is not installed; install chromium: apt-get install -y chromium");
    }

    [Fact]
    public void Report_InHeadlessChromium_ShowsEveryChartAsSvgWithText_WithoutConsoleMessages()
    {
        RequireChromium();
        using var data = TestData.Empty();
        var html = data.PathOf("report.html");
        ReportPageTests.Sample().Save(html);

        var (dom, console) = DumpDom(html, data.PathOf("profile"));

        // The DOM as Chromium parsed it: each figure holds an SVG element (not text or an unknown element) with its labels.
        var charts = Regex.Matches(dom, "<figure class=\"chart\" data-kind=\"([a-z-]+)\">(.*?)</figure>", RegexOptions.Singleline);
        Assert.Equal(ChartTests.OneOfEach().Select(c => c.Kind), charts.Select(m => m.Groups[1].Value));
        foreach (Match chart in charts)
        {
            var svg = Regex.Match(chart.Groups[2].Value, "<svg [^>]*>(.*?)</svg>", RegexOptions.Singleline);
            Assert.True(svg.Success, chart.Groups[1].Value);
            Assert.Matches("role=\"img\" aria-label=\"[^\"]{20,}\"", svg.Value);
            Assert.Matches("<text [^>]*>[^<]+</text>", svg.Groups[1].Value);
            Assert.Matches("<path|<rect", svg.Groups[1].Value);
        }
        Assert.Empty(console);
    }

    [Fact]
    public void ConsoleMessages_OfAPage_AreSeen()
    {
        RequireChromium();
        using var data = TestData.Empty();
        var html = data.PathOf("broken.html");
        File.WriteAllText(html, "<!DOCTYPE html><html><body><p>Broken</p><script>console.error('chart failed'); undefinedFunction();</script></body></html>");

        var (_, console) = DumpDom(html, data.PathOf("profile"));

        // The check above would see a page that logs or throws.
        Assert.Contains(console, line => line.Contains("chart failed", StringComparison.Ordinal));
        Assert.Contains(console, line => line.Contains("undefinedFunction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pdf_OfAReport_IsA4_WithTitleAndDateOnEveryPage_AndEveryChartsTitleAndSummary()
    {
        RequireChromium();
        if (!File.Exists("/usr/bin/pdftotext")) Assert.Skip("poppler-utils is not installed; install it: apt-get install -y poppler-utils");
        using var data = TestData.Empty();
        var html = data.PathOf("report.html");
        var pdf = data.PathOf("report.pdf");
        var charts = ChartTests.OneOfEach();
        var page = new ReportPage("Supporting Families outcomes", new DateOnly(2025, 1, 16)).AddHeading("Charts");
        foreach (var chart in charts) page.AddChart(chart);
        page.Save(html);

        var result = await new PdfPrinter(Chromium).PrintAsync(html, pdf, page.Title, page.DateText, TestContext.Current.CancellationToken);

        Assert.True(result.Bytes > 10_000);
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);
        var info = Run("/usr/bin/pdfinfo", pdf);
        Assert.Contains("(A4)", info);
        var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value);
        var perPage = Run("/usr/bin/pdftotext", "-layout", pdf, "-").Split('\f').Where(p => p.Trim().Length > 0).ToList();
        Assert.Equal(pages, perPage.Count);
        Assert.All(perPage, p => Assert.Contains("16 January 2025", p));
        Assert.All(perPage, p => Assert.Contains("Supporting Families outcomes", p));
        var text = Words(Run("/usr/bin/pdftotext", pdf, "-"));
        foreach (var chart in charts)
        {
            Assert.Contains(Words(chart.Summary), text);
            // The title is in the caption, in the drawing (SVG text) and in the data table's caption.
            Assert.True(Regex.Count(text, Regex.Escape(Words(chart.Title))) >= 3, $"'{chart.Title}' is not in the caption, the drawing and the table");
            Assert.Contains(Words(chart.XTitle), text);
            Assert.Contains(Words(chart.YTitle), text);
        }
        Assert.Contains("<5", text); // the data tables under the charts print open
        Assert.Contains("Result at the low value", text); // a legend: drawn text only
    }

    private static string Words(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    /// <summary>The DOM after Chromium has loaded the page, and the console messages it logged.</summary>
    private static (string Dom, List<string> Console) DumpDom(string html, string profile)
    {
        var arguments = PdfPrinter.HeadlessArguments(profile)
            .Concat(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", new Uri(html).AbsoluteUri]).ToArray();
        var (output, errors) = RunWithErrors(Chromium, arguments);
        return (output, errors.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList());
    }

    private static string Run(string program, params string[] arguments) => RunWithErrors(program, arguments).Output;

    private static (string Output, string Errors) RunWithErrors(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {stderr.Result}");
        return (output, stderr.Result);
    }
}

/// <summary>
/// Browser tests start Chromium processes: one at a time (the tests of a collection run in turn), alongside the other
/// collections, so the browser's waits overlap with their work rather than adding to the run's length.
/// </summary>
[CollectionDefinition(nameof(Browser))]
public sealed class Browser;
