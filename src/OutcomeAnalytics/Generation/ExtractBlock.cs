using System.Text;

namespace OutcomeAnalytics.Generation;

/// <summary>What a block's dirt looks like before the block is placed in its files.</summary>
/// <param name="Table">The table.</param>
/// <param name="Row">The row's position among the block's rows of that table (0-based).</param>
/// <param name="Column">The column the loader will name.</param>
/// <param name="Kind">The dirt kind.</param>
/// <param name="Rule">The loader rule expected.</param>
internal readonly record struct BlockDirt(ExtractTable Table, int Row, string Column, string Kind, string Rule);

/// <summary>Settings shared by every block of one run.</summary>
internal sealed class ExtractLayout
{
    public ExtractLayout(GenerateOptions options, IReadOnlyDictionary<ExtractTable, string> extraColumns)
    {
        Options = options;
        ExtraColumns = extraColumns;
        Injectors = [.. Enumerable.Range(0, ExtractTables.Count).Select(t => new DirtInjector(ExtractTables.Definition((ExtractTable)t), options.ExtractDate))];
        Widths = [.. Enumerable.Range(0, ExtractTables.Count).Select(t => ExtractTables.Columns((ExtractTable)t).Length)];
    }

    public GenerateOptions Options { get; }
    public IReadOnlyDictionary<ExtractTable, string> ExtraColumns { get; }
    public DirtInjector[] Injectors { get; }
    public int[] Widths { get; }

    /// <summary>The value written in an extra column (the same on every row: a batch or system marker).</summary>
    public static string ExtraValue(string column) => column switch
    {
        "source_system" => "EHM",
        "extract_run_id" => "RUN-0042",
        "worker_team" => "Team 3",
        _ => "",
    };
}

/// <summary>
/// The rows of a block of families, one text buffer per table, with the dirt injected into them. Blocks are
/// generated independently (in parallel) and written in order, so line numbers are known only when a block is
/// placed: dirt records rows relative to the block.
/// </summary>
internal sealed class ExtractBlock
{
    private readonly ExtractLayout _layout;
    private readonly Prng _dirt;
    private readonly double _rate;
    private readonly string?[][] _scratch;

    public ExtractBlock(ExtractLayout layout, int blockIndex)
    {
        _layout = layout;
        _rate = layout.Options.DirtyRate;
        _dirt = new Prng((ulong)layout.Options.Seed ^ 0x5EEDD1A7UL, (ulong)blockIndex);
        Text = [.. Enumerable.Range(0, ExtractTables.Count).Select(_ => new StringBuilder(1024))];
        Rows = new int[ExtractTables.Count];
        _scratch = [.. layout.Widths.Select(w => new string?[w])];
    }

    public StringBuilder[] Text { get; }
    public int[] Rows { get; }
    public List<BlockDirt> Dirt { get; } = [];

    /// <summary>Writes one row (fields in dictionary column order; null or empty is an empty cell), maybe with dirt.</summary>
    public void Row(ExtractTable table, params ReadOnlySpan<string?> fields)
    {
        var t = (int)table;
        if (_rate <= 0 || table == ExtractTable.TermDates || !_dirt.Chance(_rate))
        {
            Append(t, fields);
            return;
        }
        var injector = _layout.Injectors[t];
        if (ExtractTables.IsReferenced(table))
        {
            // Other rows point at this one: keep it clean and add a dirty row beside it instead, either an exact
            // second copy (rejected as a duplicate, the first kept) or a record of someone no one points at.
            Append(t, fields);
            if (_dirt.Chance(0.35))
            {
                Dirt.Add(new BlockDirt(table, Rows[t], injector.KeyColumn, DirtKinds.DuplicateId, "duplicate_key"));
                Append(t, fields);
                return;
            }
            var extra = _scratch[t];
            fields.CopyTo(extra);
            extra[0] = table == ExtractTable.People ? fields[0]![..^1] + "9" : fields[0] + "B";
            if (injector.Inject(extra, _dirt, allowReferences: false) is { } done)
            {
                Dirt.Add(new BlockDirt(table, Rows[t], done.Column, done.Kind, done.Rule));
                Append(t, extra);
            }
            return;
        }
        if (injector.HasKey && _dirt.Chance(0.12))
        {
            Append(t, fields);
            Dirt.Add(new BlockDirt(table, Rows[t], injector.KeyColumn, DirtKinds.DuplicateId, "duplicate_key"));
            Append(t, fields);
            return;
        }
        var row = _scratch[t];
        fields.CopyTo(row);
        if (injector.Inject(row, _dirt, allowReferences: true) is { } result)
        {
            Dirt.Add(new BlockDirt(table, Rows[t], result.Column, result.Kind, result.Rule));
            Append(t, row);
        }
        else Append(t, fields);
    }

    private void Append(int t, ReadOnlySpan<string?> fields)
    {
        var sb = Text[t];
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) sb.Append(',');
            if (fields[i] is { Length: > 0 } f) AppendField(sb, f);
        }
        if (_layout.ExtraColumns.TryGetValue((ExtractTable)t, out var extra)) sb.Append(',').Append(ExtractLayout.ExtraValue(extra));
        sb.Append('\n');
        Rows[t]++;
    }

    /// <summary>Appends a field, in double quotes only when it holds a comma, a quote or a line break (RFC 4180).</summary>
    internal static void AppendField(StringBuilder sb, string f)
    {
        if (f.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            sb.Append(f);
            return;
        }
        sb.Append('"').Append(f.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
