using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OutcomeAnalytics.Notebooks;

/// <summary>A notebook file that is not a valid nbformat 4 notebook.</summary>
public sealed class NotebookFormatException(string message) : Exception(message);

/// <summary>
/// A Jupyter notebook (nbformat 4) as the toolkit reads and writes it. Metadata it does not use is kept as it is,
/// so that Polyglot Notebooks / .NET Interactive metadata survives a run and the notebook still opens in VS Code.
/// </summary>
public sealed class NotebookDocument
{
    /// <summary>The notebook-level metadata (kernelspec, language_info, polyglot_notebook, ...).</summary>
    public JsonObject Metadata { get; set; } = [];
    /// <summary>The cells, in order.</summary>
    public List<NotebookCell> Cells { get; } = [];
    /// <summary>The minor format version written. The default is 5 (cells have ids).</summary>
    public int FormatMinor { get; set; } = 5;

    /// <summary>A new, empty C# notebook with the Polyglot Notebooks metadata.</summary>
    public static NotebookDocument CreateCSharp() => new() { Metadata = CSharpMetadata() };

    /// <summary>The notebook metadata Polyglot Notebooks writes for a C# notebook.</summary>
    public static JsonObject CSharpMetadata() => new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject
        {
            ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "C#", ["pygments_lexer"] = "csharp", ["version"] = "13.0",
        },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        },
    };

    /// <summary>Reads a notebook file.</summary>
    /// <exception cref="NotebookFormatException">The file is not an nbformat 4 notebook (the message names the file).</exception>
    public static NotebookDocument Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses notebook JSON; <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="NotebookFormatException">The text is not an nbformat 4 notebook.</exception>
    public static NotebookDocument Parse(string json, string name = "notebook")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new NotebookFormatException($"{name}: not a notebook (the JSON is not an object).");
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{name}: not valid JSON ({e.Message}).");
        }
        if (root["nbformat"] is not JsonValue format || format.GetValue<int>() != 4)
            throw new NotebookFormatException($"{name}: only nbformat 4 notebooks are supported (found nbformat {root["nbformat"]?.ToJsonString() ?? "none"}).");
        var notebook = new NotebookDocument
        {
            Metadata = root["metadata"]?.DeepClone() as JsonObject ?? [],
            FormatMinor = root["nbformat_minor"] is JsonValue minor ? Math.Max(minor.GetValue<int>(), 5) : 5,
        };
        if (root["cells"] is not JsonArray cells) throw new NotebookFormatException($"{name}: the notebook has no cells array.");
        var number = 0;
        foreach (var node in cells)
        {
            number++;
            if (node is not JsonObject cell || cell["cell_type"]?.GetValue<string>() is not { } type)
                throw new NotebookFormatException($"{name} cell {number}: a cell without a cell_type.");
            notebook.Cells.Add(new NotebookCell(type, MultilineText(cell["source"]))
            {
                Id = cell["id"]?.GetValue<string>() ?? NotebookCell.NewId(),
                Metadata = cell["metadata"]?.DeepClone() as JsonObject ?? [],
                ExecutionCount = cell["execution_count"] is JsonValue count ? count.GetValue<int>() : null,
                Outputs = cell["outputs"] is JsonArray outputs ? outputs.Select(o => (JsonObject)o!.DeepClone()).ToList() : [],
            });
        }
        return notebook;
    }

    /// <summary>nbformat stores text as a string or as a list of lines; either way, the whole text.</summary>
    public static string MultilineText(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => node.GetValue<string>(),
    };

    /// <summary>Text as nbformat's list of lines, each but the last ending in a newline (as Jupyter writes it).</summary>
    public static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length - 1;
            array.Add(text[start..(end + 1)]);
            start = end + 1;
        }
        return array;
    }

    /// <summary>The notebook as nbformat 4 JSON (two-space indent, cells' text as lists of lines).</summary>
    public string ToJson()
    {
        var cells = new JsonArray();
        foreach (var cell in Cells)
        {
            var node = new JsonObject
            {
                ["cell_type"] = cell.CellType,
                ["id"] = cell.Id,
                ["metadata"] = cell.Metadata.DeepClone(),
                ["source"] = Lines(cell.Source),
            };
            if (cell.IsCode)
            {
                node["execution_count"] = cell.ExecutionCount;
                node["outputs"] = new JsonArray(cell.Outputs.Select(o => (JsonNode)o.DeepClone()).ToArray());
            }
            cells.Add(node);
        }
        var root = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = Metadata.DeepClone(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = FormatMinor,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>Writes the notebook (UTF-8 without a byte-order mark).</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson(), new UTF8Encoding(false));

    /// <summary>A deep copy.</summary>
    public NotebookDocument Clone() => Parse(ToJson());
}

/// <summary>One notebook cell.</summary>
public sealed class NotebookCell
{
    /// <summary>Creates a cell of a type (<c>code</c>, <c>markdown</c> or <c>raw</c>).</summary>
    public NotebookCell(string cellType, string source)
    {
        CellType = cellType;
        Source = source;
    }

    /// <summary>A C# code cell with the Polyglot Notebooks cell metadata.</summary>
    public static NotebookCell Code(string source, params string[] tags)
    {
        var cell = new NotebookCell("code", source)
        {
            Metadata = new JsonObject
            {
                ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
            },
        };
        if (tags.Length > 0) cell.Metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
        return cell;
    }

    /// <summary>A Markdown cell.</summary>
    public static NotebookCell Markdown(string source) => new("markdown", source);

    /// <summary>A new cell id (8 hex characters, as Jupyter makes them).</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..8];

    /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType { get; }
    /// <summary>The cell's text.</summary>
    public string Source { get; set; }
    /// <summary>The cell id (nbformat 4.5).</summary>
    public string Id { get; set; } = NewId();
    /// <summary>The cell metadata (tags, Polyglot kernel name, ...).</summary>
    public JsonObject Metadata { get; set; } = [];
    /// <summary>The execution count of a code cell; null when not run.</summary>
    public int? ExecutionCount { get; set; }
    /// <summary>The outputs of a code cell, as nbformat output objects.</summary>
    public List<JsonObject> Outputs { get; set; } = [];

    /// <summary>True for a code cell.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The cell's tags (papermill's <c>parameters</c>, <c>injected-parameters</c>, ...).</summary>
    public IReadOnlyList<string> Tags => Metadata["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToList() : [];

    /// <summary>True when the cell has the tag.</summary>
    public bool HasTag(string tag) => Tags.Contains(tag);
}
