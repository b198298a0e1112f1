using System.Buffers;
using System.Data.Common;

namespace OutcomeAnalytics.Evaluation;

/// <summary>
/// A part of a result held as UTF-8 text in .NET, in subject order: every row's subject number (a BIGINT) and its
/// columns' bytes, copied from DuckDB's memory through each BLOB value's stream into large blocks, so that a million
/// values make no million .NET strings (the blocks are rented from the shared array pool and given back when the part
/// is disposed). Rows come from one query (<see cref="ReadRows"/>, a row's values packed in one
/// BLOB), in any order; a further column may come from a second query over the same subjects (<see cref="ReadColumn"/>).
/// </summary>
internal sealed class TextPart(int columns) : IDisposable
{
    private const int BlockSize = 1 << 20;
    private readonly List<byte[]> blocks = [];
    private readonly List<Slot> slots = [];
    private readonly List<long> arrival = [];
    private byte[] block = [];
    private int blockIndex = -1;
    private int used;
    private long[] sorted = [];
    private int[] order = [];

    /// <summary>A value's place: its block, offset and length; a length of -1 is NULL.</summary>
    private readonly record struct Slot(int Block, int Offset, int Length);

    /// <summary>The rows read.</summary>
    public int RowCount => sorted.Length;

    /// <summary>
    /// The SQL of one BLOB packing <paramref name="columns"/> (text expressions) for <see cref="ReadRows"/>: each
    /// value's UTF-8 bytes, a NULL as the byte 0xFE, separated by the byte 0xFF (neither byte occurs in UTF-8), so that
    /// a row's text is read in one piece rather than value by value.
    /// </summary>
    public static string Packed(IEnumerable<string> columns) =>
        string.Join(" || '\\xFF'::BLOB || ", columns.Select(c => $"coalesce(encode({c}), '\\xFE'::BLOB)"));

    /// <summary>
    /// Reads rows of a query whose column 0 is the subject number and whose column 1 packs <paramref name="given"/>
    /// text values (<see cref="Packed"/>), as the first columns of this part; the rest start NULL. Then puts the rows
    /// in subject order.
    /// </summary>
    public void ReadRows(DbDataReader reader, int given)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (given > columns) throw new ArgumentOutOfRangeException(nameof(given), $"The query packs {given} columns, more than the part's {columns}.");
        while (reader.Read())
        {
            arrival.Add(reader.GetInt64(0));
            var packed = Copy(reader, 1);
            var bytes = blocks[packed.Block].AsSpan(packed.Offset, packed.Length);
            var at = 0;
            for (var c = 0; c < columns; c++)
            {
                if (c >= given)
                {
                    slots.Add(new Slot(0, 0, -1));
                    continue;
                }
                var end = bytes[at..].IndexOf((byte)0xFF);
                var length = end < 0 ? bytes.Length - at : end;
                if (c == given - 1 ? end >= 0 : end < 0)
                    throw new InvalidOperationException($"A packed row of subject {arrival[^1]} does not hold {given} values.");
                slots.Add(length == 1 && bytes[at] == 0xFE ? new Slot(0, 0, -1) : new Slot(packed.Block, packed.Offset + at, length));
                at += length + 1;
            }
        }
        sorted = [.. arrival];
        order = [.. Enumerable.Range(0, sorted.Length)];
        Array.Sort(sorted, order);
    }

    /// <summary>Reads a query of subject numbers and one BLOB into column <paramref name="column"/> of the rows with those subjects.</summary>
    /// <exception cref="InvalidOperationException">A subject of the query is not a row of this part.</exception>
    public void ReadColumn(DbDataReader reader, int column)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, columns);
        while (reader.Read())
        {
            var at = Array.BinarySearch(sorted, reader.GetInt64(0));
            if (at < 0) throw new InvalidOperationException($"Subject {reader.GetInt64(0)} has a value but no row.");
            slots[order[at] * columns + column] = Copy(reader, 1);
        }
    }

    /// <summary>Whether a column of the row at <paramref name="row"/> (in subject order) is NULL.</summary>
    public bool IsNull(int row, int column) => slots[order[row] * columns + column].Length < 0;

    /// <summary>A column's UTF-8 text, for the row at <paramref name="row"/> in subject order; empty when NULL.</summary>
    public ReadOnlySpan<byte> Text(int row, int column)
    {
        var slot = slots[order[row] * columns + column];
        return slot.Length < 0 ? [] : blocks[slot.Block].AsSpan(slot.Offset, slot.Length);
    }

    private Slot Copy(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return new Slot(0, 0, -1);
        using var stream = reader.GetStream(ordinal);
        var length = checked((int)stream.Length);
        if (length > BlockSize)
        {
            // A value larger than a block has a block of its own.
            var own = ArrayPool<byte>.Shared.Rent(length);
            stream.ReadExactly(own.AsSpan(0, length));
            blocks.Add(own);
            return new Slot(blocks.Count - 1, 0, length);
        }
        if (blockIndex < 0 || used + length > block.Length)
        {
            block = ArrayPool<byte>.Shared.Rent(BlockSize);
            blocks.Add(block);
            blockIndex = blocks.Count - 1;
            used = 0;
        }
        stream.ReadExactly(block.AsSpan(used, length));
        var slot = new Slot(blockIndex, used, length);
        used += length;
        return slot;
    }

    /// <summary>Gives the blocks back to the shared array pool, which keeps some of them for the next part.</summary>
    public void Dispose()
    {
        foreach (var b in blocks) ArrayPool<byte>.Shared.Return(b);
        blocks.Clear();
        slots.Clear();
        (block, blockIndex, used) = ([], -1, 0);
    }
}
