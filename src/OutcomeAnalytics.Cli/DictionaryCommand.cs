using System.CommandLine;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Instruments;
using OutcomeAnalytics.Reports;

namespace OutcomeAnalytics.Cli;

internal static class DictionaryCommand
{
    public static Command Create(TextWriter stdout)
    {
        var docsOut = new Option<FileInfo?>("--out") { Description = "Write the Markdown to this file instead of standard output." };
        var docs = new Command("docs",
            "Print the data dictionary as readable Markdown (the source of data-dictionary/README.md).\n\n"
            + "Example:\n  outcomes dictionary docs --out data-dictionary/README.md") { docsOut };
        docs.SetAction(parse =>
        {
            var text = DictionaryDocs.Render(DataDictionary.Default);
            if (parse.GetValue(docsOut) is { } file) OutputFiles.Write(file.FullName, path => File.WriteAllText(path, text));
            else stdout.Write(text);
            return ExitCodes.Success;
        });
        var ddl = new Command("ddl", "Print the DuckDB DDL of every table the toolkit keeps.\n\nExample:\n  outcomes dictionary ddl");
        ddl.SetAction(_ =>
        {
            stdout.WriteLine(Schema.Ddl(DataDictionary.Default) + "\n" + InstrumentCatalog.Ddl);
            return ExitCodes.Success;
        });
        return new Command("dictionary", "Show the data dictionary: readable docs or the database DDL.\n\nExample:\n  outcomes dictionary docs") { docs, ddl };
    }
}
