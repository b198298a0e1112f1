using System.Text;
using Microsoft.Win32.SafeHandles;

namespace OutcomeAnalytics.Loading;

/// <summary>
/// Reads the parts of a CSV file that DuckDB's reader does not report: the header as written, and where
/// each record starts (its line number and bytes), so a rejected row can be named by line and kept whole.
/// Records follow RFC 4180: fields may be quoted with <c>"</c>, a quote inside is doubled, and a quoted
/// field may span lines.
/// </summary>
internal static class CsvText
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The header's field names, trimmed, as written.</summary>
    /// <exception cref="LoadException">The file cannot be read, is empty, or its header is not UTF-8.</exception>
    public static IReadOnlyList<string> ReadHeader(string path)
    {
        byte[] head;
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new MemoryStream();
            var chunk = new byte[64 * 1024];
            var inQuotes = false;
            while (true)
            {
                var n = stream.Read(chunk, 0, chunk.Length);
                if (n == 0) break;
                var end = -1;
                for (var i = 0; i < n; i++)
                {
                    if (chunk[i] == (byte)'"') inQuotes = !inQuotes;
                    else if (chunk[i] == (byte)'\n' && !inQuotes) { end = i; break; }
                }
                buffer.Write(chunk, 0, end < 0 ? n : end);
                if (end >= 0 || buffer.Length > 1 << 20) break;
            }
            head = buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoadException($"{Path.GetFileName(path)}: the file cannot be read ({e.Message}).");
        }
        var span = head.AsSpan();
        // UTF-16 (Excel's "Unicode text"): a byte-order mark of its own, or a NUL byte beside every ASCII letter.
        if (span.StartsWith([(byte)0xFF, (byte)0xFE]) || span.StartsWith([(byte)0xFE, (byte)0xFF]) || span.Contains((byte)0))
            throw new LoadException($"{Path.GetFileName(path)} line 1: the file is UTF-16 text (or has NUL bytes), not UTF-8; save it as CSV UTF-8 (comma delimited).");
        if (span.StartsWith(Bom)) span = span[3..];
        if (span.Length > 0 && span[^1] == (byte)'\r') span = span[..^1];
        if (span.IsEmpty)
            throw new LoadException($"{Path.GetFileName(path)} line 1: the file is empty; expected a header row naming its columns.");
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new LoadException($"{Path.GetFileName(path)} line 1: the header is not UTF-8 text; save the file as UTF-8 CSV.");
        }
        // A byte-order mark inside the header (two files joined together) is not part of a name.
        return SplitRecord(text).Select(f => f.Replace("\uFEFF", "", StringComparison.Ordinal).Trim()).ToList();
    }

    /// <summary>Splits one record (no line breaks outside quotes) into fields.</summary>
    public static List<string> SplitRecord(string record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < record.Length; i++)
        {
            var ch = record[i];
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (i + 1 < record.Length && record[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else field.Append(ch);
            }
            else if (ch == '"') inQuotes = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>
    /// Finds every data record after the header: the line it starts on (the header is line 1), its byte
    /// offset and length (without the line break). Blank lines are not records.
    /// </summary>
    public static RecordIndex IndexRecords(string path)
    {
        var lines = new List<int>();
        var logical = new List<int>();
        var offsets = new List<long>();
        var lengths = new List<int>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        long position = 0;     // offset of buffer[0] in the file
        var line = 1;          // current physical line
        var logicalLine = 1;   // line counting only line breaks outside quotes (DuckDB's numbering)
        var recordLogical = 1;
        var inQuotes = false;
        long recordStart = 0;
        var recordLine = 1;
        var recordHasContent = false;
        var first = true;
        var headerDone = false;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            if (first)
            {
                first = false;
                if (n >= 3 && buffer.AsSpan(0, 3).SequenceEqual(Bom)) { start = 3; recordStart = 3; }
            }
            var span = buffer.AsSpan(0, n);
            var i = start;
            while (i < n)
            {
                var rel = span[i..].IndexOfAny((byte)'"', (byte)'\n');
                if (rel < 0)
                {
                    if (!recordHasContent && span[i..].IndexOfAnyExcept((byte)'\r') >= 0) recordHasContent = true;
                    break;
                }
                var at = i + rel;
                if (span[at] == (byte)'"')
                {
                    inQuotes = !inQuotes;
                    recordHasContent = true;
                }
                else if (inQuotes)
                {
                    line++; // a line break inside a quoted field: the record goes on
                }
                else
                {
                    if (!recordHasContent && span[i..at].IndexOfAnyExcept((byte)'\r') >= 0) recordHasContent = true;
                    var end = position + at;
                    if (headerDone)
                    {
                        if (recordHasContent) Add(recordStart, end, recordLine);
                    }
                    else headerDone = true;
                    line++;
                    logicalLine++;
                    recordStart = end + 1;
                    recordLine = line;
                    recordLogical = logicalLine;
                    recordHasContent = false;
                }
                i = at + 1;
            }
            position += n;
        }
        if (headerDone && recordHasContent && position > recordStart) Add(recordStart, position, recordLine);
        return new RecordIndex(path, [.. lines], [.. logical], [.. offsets], [.. lengths]);

        void Add(long from, long to, int atLine)
        {
            var length = (int)(to - from);
            lines.Add(atLine);
            logical.Add(recordLogical);
            offsets.Add(from);
            lengths.Add(length);
        }
    }
}

/// <summary>The kinds of line break found outside quoted values.</summary>
[Flags]
internal enum LineEndings
{
    None = 0,
    /// <summary>Carriage return and line feed (Windows).</summary>
    CrLf = 1,
    /// <summary>Line feed alone (Unix, and most tools).</summary>
    Lf = 2,
    /// <summary>Carriage return alone (old Macintosh CSV).</summary>
    Cr = 4,
}

/// <summary>
/// Finds, and evens out, how the lines of a CSV file end. DuckDB's reader takes one kind of line break per file (it
/// finds which from the file's start), and in strict mode a file whose lines end in two kinds cannot be read; a file
/// whose lines end in a carriage return alone is not indexed by <see cref="CsvText.IndexRecords"/>. Such a file is
/// read from a copy whose line breaks are all line feeds: the copy has the same lines, so every line number holds.
/// Line breaks inside quoted values are part of the value and are kept as written.
/// </summary>
internal static class LineBreaks
{
    /// <summary>The kinds of line break outside quotes in the first <paramref name="limit"/> bytes of the file.</summary>
    public static LineEndings Find(string path, long limit = long.MaxValue) => Scan(path, limit, null);

    /// <summary>True when the file must be read from a copy (<see cref="Even"/>): its lines end in two kinds, or in a carriage return alone.</summary>
    public static bool Uneven(LineEndings endings) => endings.HasFlag(LineEndings.Cr) || endings == (LineEndings.CrLf | LineEndings.Lf);

    /// <summary>Writes <paramref name="path"/> to <paramref name="target"/> with every line break outside quotes a line feed.</summary>
    public static void Even(string path, string target)
    {
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        Scan(path, long.MaxValue, output);
    }

    private static LineEndings Scan(string path, long limit, Stream? copy)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        var output = copy is null ? null : new byte[buffer.Length + 1];
        var found = LineEndings.None;
        var (inQuotes, pendingCr) = (false, false);
        long seen = 0;
        int n;
        while (seen < limit && (n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - seen))) > 0)
        {
            seen += n;
            var o = 0;
            for (var i = 0; i < n; i++)
            {
                var b = buffer[i];
                if (pendingCr)
                {
                    pendingCr = false;
                    found |= b == (byte)'\n' ? LineEndings.CrLf : LineEndings.Cr;
                    if (output is not null) output[o++] = (byte)'\n';
                    if (b == (byte)'\n') continue;
                }
                if (b == (byte)'"') inQuotes = !inQuotes;
                else if (!inQuotes && b == (byte)'\r')
                {
                    pendingCr = true;
                    continue;
                }
                else if (!inQuotes && b == (byte)'\n') found |= LineEndings.Lf;
                if (output is not null) output[o++] = b;
            }
            copy?.Write(output!, 0, o);
        }
        // A carriage return last in the part scanned may be the first half of a CRLF beyond it.
        if (pendingCr && (copy is not null || seen < limit))
        {
            found |= LineEndings.Cr;
            copy?.WriteByte((byte)'\n');
        }
        return found;
    }
}

/// <summary>Where each data record of a CSV file is.</summary>
internal sealed class RecordIndex(string path, int[] lines, int[] logicalLines, long[] offsets, int[] lengths)
{
    public int Count => lines.Length;

    /// <summary>The physical line the record starts on (the header is line 1).</summary>
    public int Line(int record) => lines[record];

    /// <summary>
    /// The record whose number, counting only line breaks outside quotes (how DuckDB numbers the rows it
    /// rejects), is <paramref name="logicalLine"/>; -1 when there is none.
    /// </summary>
    public int FindLogical(int logicalLine)
    {
        var i = Array.BinarySearch(logicalLines, logicalLine);
        return i >= 0 ? i : -1;
    }

    /// <summary>The record's length in bytes, without its line break.</summary>
    public int Length(int record) => lengths[record];

    /// <summary>The record's text exactly as in the file, without its line break.</summary>
    public string Raw(int record, SafeFileHandle file)
    {
        var bytes = new byte[lengths[record]];
        // One positioned read per record, with no stream buffer to refill (tens of thousands of rejects are read).
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(file, bytes.AsSpan(read), offsets[record] + read);
            if (n == 0) throw new EndOfStreamException($"{Path.GetFileName(path)} changed while it was being loaded.");
            read += n;
        }
        var text = Encoding.UTF8.GetString(bytes);
        return text.EndsWith('\r') ? text[..^1] : text;
    }

    public SafeFileHandle Open() => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
}
