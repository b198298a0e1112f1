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
    public void Report_InHeadlessChromium_DrawsEveryChartAsSvg_WithoutScriptErrors()
    {
        RequireChromium();
        using var data = TestData.Empty();
        var html = data.PathOf("report.html");
        ReportPageTests.Sample().Save(html);

        var dom = DumpDom(html, data.PathOf("profile"));

        Assert.Contains("data-charts-ready=\"5\"", dom);
        var charts = Regex.Matches(dom, "<div class=\"vega\"[^>]*>(.*?)</figure>", RegexOptions.Singleline);
        Assert.Equal(5, charts.Count);
        foreach (Match chart in charts)
        {
            Assert.Contains("data-rendered=\"true\"", chart.Value);
            Assert.Contains("<svg", chart.Groups[1].Value); // labelled by the role="img" container around it
            Assert.Matches("<path|<rect|<line", chart.Groups[1].Value);
        }
        Assert.Contains("<div id=\"script-errors\" role=\"alert\" hidden=\"\">", dom);
        Assert.Contains("<ul></ul>", dom);
    }

    [Fact]
    public void Report_WithABrokenChart_ReportsTheScriptErrorInThePage()
    {
        RequireChromium();
        using var data = TestData.Empty();
        var html = data.PathOf("broken.html");
        var chart = ChartTests.OneOfEach()[0];
        chart.Spec["mark"] = "no-such-mark";
        new ReportPage("Broken", new DateOnly(2025, 1, 16)).AddChart(chart).Save(html);

        var dom = DumpDom(html, data.PathOf("profile"));

        Assert.DoesNotContain("<div id=\"script-errors\" role=\"alert\" hidden", dom);
        Assert.Matches("<li>chart 1: [^<]+</li>", dom);
    }

    [Fact]
    public async Task Pdf_OfAReport_IsA4_WithTitleAndDateOnEveryPage()
    {
        RequireChromium();
        using var data = TestData.Empty();
        var html = data.PathOf("report.html");
        var pdf = data.PathOf("report.pdf");
        var page = ReportPageTests.Sample();
        page.Save(html);

        var result = await new PdfPrinter(Chromium).PrintAsync(html, pdf, page.Title, page.DateText, TestContext.Current.CancellationToken);

        Assert.Empty(result.ScriptErrors);
        Assert.True(result.Bytes > 10_000);
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);
        if (!File.Exists("/usr/bin/pdftotext")) return; // poppler-utils gives the closer look
        var info = Run("/usr/bin/pdfinfo", pdf);
        Assert.Contains("(A4)", info);
        var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value);
        var text = Run("/usr/bin/pdftotext", "-layout", pdf, "-");
        var perPage = text.Split('\f').Where(p => p.Trim().Length > 0).ToList();
        Assert.Equal(pages, perPage.Count);
        Assert.All(perPage, p => Assert.Contains("16 January 2025", p));
        Assert.All(perPage, p => Assert.Contains("Supporting Families outcomes", p));
        Assert.Contains("<5", text); // the data tables under the charts are opened for print
    }

    private static string DumpDom(string html, string profile)
    {
        var arguments = PdfPrinter.HeadlessArguments(profile).Concat(["--virtual-time-budget=15000", "--dump-dom", new Uri(html).AbsoluteUri]).ToArray();
        return Run(Chromium, arguments);
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {stderr.Result}");
        return output;
    }
}

/// <summary>Browser tests start Chromium processes: one at a time, apart from the parallel tests.</summary>
[CollectionDefinition(nameof(Browser), DisableParallelization = true)]
public sealed class Browser;
