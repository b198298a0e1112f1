using System.Text;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;

namespace OutcomeAnalytics.Tests.Evaluation;

public sealed class TextPartTests
{
    [Fact]
    public void PackedRows_KeepNullsEmptiesAndNonAsciiText_InSubjectOrder_WithASecondColumnJoinedBySubject()
    {
        using var db = Database.Open();
        db.Execute("""
            CREATE TABLE t AS SELECT * FROM (VALUES
              (30, 'c', NULL, 'þ€😀', '{"c":1}'),
              (10, 'a', '', 'x', NULL),
              (20, '', 'b,"q"', NULL, '{}')) v(sid, x, y, z, detail)
            """);
        var part = new TextPart(4);
        using (var reader = db.Reader($"SELECT sid, {TextPart.Packed(["x", "y", "z"])} FROM t")) part.ReadRows(reader, 3);
        using (var reader = db.Reader("SELECT sid, encode(detail) FROM t WHERE detail IS NOT NULL")) part.ReadColumn(reader, 3);

        string? Text(int row, int column) => part.IsNull(row, column) ? null : Encoding.UTF8.GetString(part.Text(row, column));
        Assert.Equal(3, part.RowCount);
        Assert.Equal(["a", "", "x", null], Enumerable.Range(0, 4).Select(c => Text(0, c)));
        Assert.Equal(["", "b,\"q\"", null, "{}"], Enumerable.Range(0, 4).Select(c => Text(1, c)));
        Assert.Equal(["c", null, "þ€😀", "{\"c\":1}"], Enumerable.Range(0, 4).Select(c => Text(2, c)));
    }

    [Fact]
    public void ARowPackingFewerValuesThanSaid_IsRefused()
    {
        using var db = Database.Open();
        var part = new TextPart(3);
        using var reader = db.Reader($"SELECT 1::BIGINT, {TextPart.Packed(["'a'", "'b'"])}");
        Assert.Throws<InvalidOperationException>(() => part.ReadRows(reader, 3));
    }
}
