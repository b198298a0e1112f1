using System.Data;
using System.Text;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests.Engine;

/// <summary>
/// What the library relies on DuckDB (through DuckDB.NET) to do on one in-memory database: transactions, attached
/// scratch databases, reading CSV files with their faulty records set aside, binding parameters and reading values.
/// </summary>
public sealed class DuckDbBehaviourTests : IDisposable
{
    private readonly DuckDBConnection _db = Database.Open();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oa-duckdb-" + Guid.NewGuid().ToString("N"));

    public DuckDbBehaviourTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Transaction_DisposedWithoutCommit_RollsBack_AndCommitted_IsSeenByAnotherConnection()
    {
        _db.Execute("CREATE TABLE tx(v INTEGER); INSERT INTO tx VALUES (1)");
        using var other = Database.OpenAnother(_db);
        using (_db.BeginTransaction())
        {
            _db.Execute("INSERT INTO tx VALUES (2)");
            _db.Execute("DELETE FROM tx WHERE v = 1");
            Assert.Equal(2, _db.Scalar<int>("SELECT max(v) FROM tx"));
            Assert.Equal(1, other.Scalar<int>("SELECT max(v) FROM tx"));
        }
        Assert.Equal([1], _db.Rows("SELECT v FROM tx", r => r.GetInt32(0)));

        using (var transaction = _db.BeginTransaction())
        {
            _db.Execute("INSERT INTO tx VALUES ($1)", 3);
            Assert.Equal(1L, other.Scalar<long>("SELECT count(*) FROM tx"));
            transaction.Commit();
            Assert.Throws<InvalidOperationException>(transaction.Commit);
        }
        Assert.Equal(2L, other.Scalar<long>("SELECT count(*) FROM tx"));
    }

    [Fact]
    public void Transaction_CommitsAndRollsBackWritesInAnAttachedInMemoryDatabase_AndWritesToOneDatabaseOnly()
    {
        _db.Execute("ATTACH ':memory:' AS scratch; CREATE TABLE scratch.t(n INTEGER); CREATE TABLE kept(n INTEGER)");
        using var other = Database.OpenAnother(_db);

        using (var transaction = _db.BeginTransaction())
        {
            _db.Execute("INSERT INTO scratch.t VALUES (1); CREATE TABLE scratch.made(n INTEGER)");
            Assert.Equal(1L, _db.Scalar<long>("SELECT count(*) FROM scratch.t"));
            transaction.Rollback();
        }
        Assert.Equal(0L, _db.Scalar<long>("SELECT count(*) FROM scratch.t"));
        Assert.Throws<DuckDBException>(() => _db.Execute("SELECT * FROM scratch.made"));

        using (var transaction = _db.BeginTransaction())
        {
            _db.Execute("INSERT INTO scratch.t VALUES (1), (2)");
            Assert.Equal(0L, other.Scalar<long>("SELECT count(*) FROM scratch.t"));
            transaction.Commit();
        }
        // An attached database belongs to the database instance: the other connection sees it and what was committed there.
        Assert.Equal(2L, other.Scalar<long>("SELECT count(*) FROM scratch.t"));

        // The loader's transaction writes only the main database, reading the attached ones: a transaction may write
        // to one database only.
        using (var transaction = _db.BeginTransaction())
        {
            Assert.Equal(2L, _db.Execute("INSERT INTO kept SELECT n FROM scratch.t"));
            var second = Assert.Throws<DuckDBException>(() => _db.Execute("INSERT INTO scratch.t VALUES (3)"));
            Assert.Contains("a single transaction can only write to a single attached database", second.Message, StringComparison.Ordinal);
            transaction.Rollback();
        }
        Assert.Equal(0L, _db.Scalar<long>("SELECT count(*) FROM kept"));

        _db.Execute("DETACH scratch");
        Assert.Throws<DuckDBException>(() => other.Execute("SELECT * FROM scratch.t"));
    }

    [Fact]
    public void Transaction_SeesAnAttachedDatabaseAsOfItsFirstUseOfIt()
    {
        // The loader relies on this: its transaction sees a scratch database whole when it first uses it, even though
        // the transaction began while another connection was still writing there.
        _db.Execute("ATTACH ':memory:' AS used; ATTACH ':memory:' AS later; CREATE TABLE used.a AS SELECT 1 AS n");
        using var other = Database.OpenAnother(_db);
        using (_db.BeginTransaction())
        {
            Assert.Equal(1, _db.Scalar<int>("SELECT n FROM used.a"));
            other.Execute("CREATE TABLE used.b AS SELECT 2 AS n; CREATE TABLE later.c AS SELECT 3 AS n; INSERT INTO later.c VALUES (4)");
            var unseen = Assert.Throws<DuckDBException>(() => _db.Execute("SELECT * FROM used.b"));
            Assert.Contains("Table with name b does not exist", unseen.Message, StringComparison.Ordinal);
        }

        using (var transaction = _db.BeginTransaction())
        {
            Assert.Equal(1, _db.Scalar<int>("SELECT n FROM used.a"));
            other.Execute("CREATE TABLE later.d AS SELECT 5 AS n");
            other.Execute("INSERT INTO later.c VALUES (6)");
            // First use of 'later' in this transaction: everything committed there so far is seen.
            Assert.Equal(5, _db.Scalar<int>("SELECT n FROM later.d"));
            Assert.Equal(3L, _db.Scalar<long>("SELECT count(*) FROM later.c"));
            other.Execute("INSERT INTO later.c VALUES (7)");
            Assert.Equal(3L, _db.Scalar<long>("SELECT count(*) FROM later.c"));
            _db.Execute("INSERT INTO used.a SELECT n FROM later.d");
            transaction.Commit();
        }
        Assert.Equal(2L, other.Scalar<long>("SELECT count(*) FROM used.a"));
    }

    [Fact]
    public void ReadCsv_StoreRejects_NumbersLinesFromTheHeader_CountingOnlyLineBreaksOutsideQuotes()
    {
        // Physical lines: 1 header, 2 good, 3-4 a quoted value with a line break, 5 too many fields, 6 too few,
        // 7 doubled quotes, 8 not UTF-8, 9 good, 10 an unterminated quote that swallows line 11.
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("id,name,score\n1,alpha,10\n2,\"multi\nline\",20\n3,too,many,fields\n4,toofew\n5,\"say \"\"hi\"\"\",50\n6,"));
        bytes.AddRange([0xFF, 0xFE]);
        bytes.AddRange(Encoding.UTF8.GetBytes(",60\n7,last,70\n8,\"never closed,80\n9,x,90\n"));
        var file = Path.Combine(_directory, "rejects.csv");
        File.WriteAllBytes(file, [.. bytes]);
        const string Options = "header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
            + "columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR'}, strict_mode = true, null_padding = false";

        // Without store_rejects the read fails at the first record it cannot split into the header's fields.
        var failed = Assert.Throws<DuckDBException>(() => _db.Execute($"CREATE TABLE s AS SELECT * FROM read_csv($1, {Options})", file));
        Assert.Contains("Expected Number of Columns: 3 Found: 4", failed.Message, StringComparison.Ordinal);

        _db.Execute($"CREATE TABLE s AS SELECT * FROM read_csv($1, {Options}, store_rejects = true, rejects_table = 'rej_errors', rejects_scan = 'rej_scans')", file);
        Assert.Equal(
            [(0L, "1", "alpha"), (1L, "2", "multi\nline"), (2L, "5", "say \"hi\""), (3L, "7", "last")],
            _db.Rows("SELECT rowid, c0, c1 FROM s ORDER BY rowid", r => (r.GetInt64(0), r.GetString(1), r.GetString(2))));

        var rejects = _db.Rows(
            "SELECT CAST(line AS BIGINT), CAST(column_name AS VARCHAR), CAST(error_type AS VARCHAR), CAST(csv_line AS VARCHAR), error_type FROM rej_errors ORDER BY line",
            r => (Line: r.GetInt64(0), Column: r.Field<string>(1), Type: r.GetString(2), Text: r.GetString(3), Enum: r.GetString(4)));
        Assert.Equal([4L, 5L, 7L, 9L], rejects.Select(r => r.Line));
        Assert.Equal(["TOO MANY COLUMNS", "MISSING COLUMNS", "INVALID ENCODING", "UNQUOTED VALUE"], rejects.Select(r => r.Type));
        Assert.Equal(rejects.Select(r => r.Type), rejects.Select(r => r.Enum));
        Assert.Equal([null, "c2", "c1", "c1"], rejects.Select(r => r.Column));
        Assert.Equal("3,too,many,fields", rejects[0].Text);
        Assert.Equal("4,toofew", rejects[1].Text);
        Assert.StartsWith("8,\"never closed,80\n9,x,90", rejects[3].Text, StringComparison.Ordinal);

        // The rejects tables are temporary tables of the connection that read the file.
        Assert.Equal(["rej_errors", "rej_scans"], _db.Rows("SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY 1", r => r.GetString(0)));
        using var other = Database.OpenAnother(_db);
        Assert.Throws<DuckDBException>(() => other.Execute("SELECT * FROM rej_errors"));
    }

    [Fact]
    public void ReadCsv_KeepsTheFilesOrder_AndTellsQuotedEmptyTextFromNull()
    {
        // The loader numbers staged rows by rowid in the file's order, over a file DuckDB reads on several threads.
        _db.OnSeveralThreads();
        var file = Path.Combine(_directory, "ordered.csv");
        using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
        {
            writer.Write("id,text\n");
            for (var i = 0; i < 300_000; i++) writer.Write($"{i},\"row {i} with some text to make the file several megabytes long\"\n");
        }
        _db.Execute("CREATE TABLE s AS SELECT * FROM read_csv($1, header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
            + "columns = {'id': 'BIGINT', 'text': 'VARCHAR'}, strict_mode = true, null_padding = false)", file);
        Assert.Equal(0L, _db.Scalar<long>("SELECT count(*) FROM s WHERE id <> rowid - (SELECT min(rowid) FROM s)"));
        Assert.Equal(300_000L, _db.Scalar<long>("SELECT count(*) FROM s"));

        var quoted = Path.Combine(_directory, "quoted.csv");
        File.WriteAllText(quoted, "\"a\",,\"\",1\n", new UTF8Encoding(false));
        var row = _db.Rows("SELECT * FROM read_csv($1, header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', new_line = '\\n', "
            + "allow_quoted_nulls = false, strict_mode = true, null_padding = false, columns = {'a': 'VARCHAR', 'b': 'VARCHAR', 'c': 'VARCHAR', 'd': 'INTEGER'})", quoted).Single();
        Assert.Equal(["a", null, "", 1], row);
    }

    public static TheoryData<object, string, object> BoundValues => new()
    {
        { "Łódź 😀", "VARCHAR", "Łódź 😀" },
        { string.Empty, "VARCHAR", string.Empty },
        { long.MaxValue, "BIGINT", long.MaxValue },
        { int.MinValue, "INTEGER", int.MinValue },
        { 7, "BIGINT", 7L },
        { true, "BOOLEAN", true },
        { -2.25, "DOUBLE", -2.25 },
        { 123.45m, "DECIMAL(18,2)", 123.45m },
        { -0.0001m, "DECIMAL(38,4)", -0.0001m },
        { new DateOnly(1900, 3, 1), "DATE", new DateOnly(1900, 3, 1) },
        { new DateOnly(2024, 2, 29), "DATE", new DateOnly(2024, 2, 29) },
        { new DateTime(1969, 12, 31, 23, 59, 59, 999, 999), "TIMESTAMP", new DateTime(1969, 12, 31, 23, 59, 59, 999, 999) },
        { new DateTime(2024, 5, 6, 7, 8, 9, 123, 456), "TIMESTAMP", new DateTime(2024, 5, 6, 7, 8, 9, 123, 456) },
    };

    [Theory]
    [MemberData(nameof(BoundValues))]
    public void PositionalParameters_BindThroughExecuteAndScalar(object value, string sqlType, object expected)
    {
        _db.Execute($"CREATE TABLE p(k INTEGER, v {sqlType})");
        Assert.Equal(1L, _db.Execute("INSERT INTO p VALUES ($2, $1)", value, 1));
        Assert.Equal(1, _db.Scalar<int>("SELECT k FROM p WHERE v = $1", value));
        var read = _db.Rows("SELECT v FROM p").Single()[0];
        Assert.Equal(expected, read);
        Assert.Equal(expected.GetType(), read!.GetType());
        // A parameter whose type DuckDB cannot infer from the statement takes the value's own.
        Assert.Equal(value, _db.Rows("SELECT $1", value).Single()[0]);
    }

    [Fact]
    public void PositionalParameters_BindNull_AndTheSameParameterMayBeUsedTwice()
    {
        _db.Execute("CREATE TABLE p(a INTEGER, b VARCHAR, c DATE)");
        _db.Execute("INSERT INTO p VALUES ($1, $2, $3)", null, DBNull.Value, null);
        Assert.Equal([null, null, null], _db.Rows("SELECT a, b, c FROM p").Single());
        Assert.True(_db.Scalar<bool>("SELECT $1 IS NULL", [null]));
        Assert.Equal(0, _db.Scalar<int>("SELECT count(*) FROM p WHERE a = $1", [null]));
        Assert.Equal(14L, _db.Scalar<long>("SELECT $1 + $1", 7L));
    }

    [Fact]
    public void PositionalParameters_TooFewThrow_ExtraOnesAreIgnored()
    {
        var tooFew = Assert.Throws<InvalidOperationException>(() => _db.Scalar<int>("SELECT $1 + $2", 1));
        Assert.Contains("Expected 2, got 1", tooFew.Message, StringComparison.Ordinal);
        Assert.Equal(1, _db.Scalar<int>("SELECT $1", 1, 2));
    }

    [Fact]
    public void Execute_RunsEveryStatementOfAText_AndReturnsTheRowsChanged()
    {
        Assert.Equal(10L, _db.Execute("CREATE TABLE t(v INTEGER); INSERT INTO t SELECT * FROM range(10); DROP TABLE IF EXISTS none"));
        Assert.Equal(4L, _db.Execute("DELETE FROM t WHERE v >= $1", 6));
        Assert.Equal(6L, _db.Execute("UPDATE t SET v = v + 1"));
        // A later statement that fails leaves the earlier ones done.
        Assert.Throws<DuckDBException>(() => _db.Execute("INSERT INTO t VALUES (100); SELECT * FROM none"));
        Assert.Equal(100, _db.Scalar<int>("SELECT max(v) FROM t"));
    }

    [Fact]
    public void Read_DateAsDateOnly_TimestampAsDateTime_DecimalAsDecimal_EnumAsString()
    {
        _db.Execute("CREATE TYPE term AS ENUM ('autumn', 'spring', 'summer')");
        _db.Execute("CREATE TABLE t(d DATE, ts TIMESTAMP, m DECIMAL(18,3), big DECIMAL(38,10), small DECIMAL(4,1), e term, n BIGINT, i INTEGER)");
        _db.Execute("INSERT INTO t VALUES (DATE '1969-12-31', TIMESTAMP '2024-05-06 07:08:09.123456', -12.345, '1234567890123456.0123456789', 999.9, 'summer', 5, 6), "
            + "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        using var reader = _db.Reader("SELECT * FROM t ORDER BY d NULLS LAST");
        Assert.True(reader.Read());
        Assert.Equal(typeof(DateOnly), reader.GetFieldType(0));
        Assert.Equal(new DateOnly(1969, 12, 31), reader.GetFieldValue<DateOnly>(0));
        Assert.Equal(new DateTime(1969, 12, 31), reader.GetDateTime(0));
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, 123, 456), reader.GetFieldValue<DateTime>(1));
        Assert.Equal(DateTimeKind.Unspecified, reader.GetDateTime(1).Kind);
        Assert.Equal(typeof(decimal), reader.GetFieldType(2));
        Assert.Equal(-12.345m, reader.GetDecimal(2));
        Assert.Equal("-12.345", reader.GetDecimal(2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1234567890123456.0123456789m, reader.GetFieldValue<decimal>(3));
        Assert.Equal(999.9m, reader.GetValue(4));
        Assert.Equal(typeof(string), reader.GetFieldType(5));
        Assert.Equal("summer", reader.GetValue(5));
        Assert.Equal("summer", reader.Field<string>(5));
        Assert.Equal(5L, reader.GetValue(6));
        Assert.Equal(5, reader.GetFieldValue<int>(6));
        Assert.Equal(6L, reader.GetFieldValue<long>(7));
        Assert.True(reader.Read());
        for (var i = 0; i < reader.FieldCount; i++) Assert.True(reader.IsDBNull(i));
        Assert.Null(reader.Field<string>(5));
        Assert.Equal(default, reader.Field<DateOnly>(0));
        Assert.False(reader.Read());

        Assert.Equal("spring", _db.Scalar<string>("SELECT CAST($1 AS term)", "spring"));
        Assert.Equal(1L, _db.Scalar<long>("SELECT count(*) FROM t WHERE e = $1", "summer"));
    }

    [Fact]
    public void Read_InfiniteDateAsDateOnly_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _db.Scalar<DateOnly>("SELECT 'infinity'::DATE"));
        Assert.StartsWith("Cannot convert infinite date value to DateTime or DateOnly.", error.Message, StringComparison.Ordinal);
        Assert.Equal("infinity", _db.Scalar<string>("SELECT CAST('infinity'::DATE AS VARCHAR)"));
    }

    [Fact]
    public void Table_AndFrame_ReadAResultWithTheReadersTypes()
    {
        var table = _db.Table("SELECT i::INTEGER AS i, 'v' || i AS s, DATE '2024-01-01' + i::INTEGER AS d FROM range(3) t(i) ORDER BY i");
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(typeof(int), table.Columns["i"]!.DataType);
        Assert.Equal("v2", table.Rows[2]["s"]);
        var frame = _db.Frame("SELECT i AS i, i * 0.5 AS half FROM range(4) t(i) ORDER BY i");
        Assert.Equal(4, frame.Rows.Count);
        Assert.Equal(1.5m, frame.Columns["half"][3]);
    }

    [Fact]
    public void Errors_AreDuckDBExceptionsWithTheirType_AndLeaveTheConnectionUsable()
    {
        // An error found while preparing a statement has no ErrorType (Invalid); its kind begins the message.
        var syntax = Assert.Throws<DuckDBException>(() => _db.Execute("SELEC 1"));
        Assert.StartsWith("Parser Error: syntax error at or near \"SELEC\"", syntax.Message, StringComparison.Ordinal);
        Assert.Equal(DuckDB.NET.Native.DuckDBErrorType.Invalid, syntax.ErrorType);
        var missing = Assert.Throws<DuckDBException>(() => _db.Execute("SELECT * FROM no_such_table"));
        Assert.StartsWith("Catalog Error: Table with name no_such_table does not exist!", missing.Message, StringComparison.Ordinal);
        Assert.Equal(DuckDB.NET.Native.DuckDBErrorType.Invalid, missing.ErrorType);

        // One raised while running it has its type.
        _db.Execute("CREATE TABLE c(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL); INSERT INTO c VALUES (1, 'a')");
        var duplicate = Assert.Throws<DuckDBException>(() => _db.Execute("INSERT INTO c VALUES (1, 'b')"));
        Assert.Equal(DuckDB.NET.Native.DuckDBErrorType.Constraint, duplicate.ErrorType);
        Assert.StartsWith("Constraint Error: Duplicate key \"id: 1\" violates primary key constraint", duplicate.Message, StringComparison.Ordinal);
        var notNull = Assert.Throws<DuckDBException>(() => _db.Execute("INSERT INTO c VALUES ($1, $2)", 2, null));
        Assert.Contains("NOT NULL", notNull.Message, StringComparison.Ordinal);

        // An error raised part way through a result fails the query rather than returning the rows before it.
        var partWay = Assert.Throws<DuckDBException>(() => _db.Rows(
            "SELECT CASE WHEN i < $1 THEN i ELSE error('row ' || i || ' is bad') END AS v FROM range($2) t(i)", 300_000L, 600_000L));
        Assert.Matches(@"row \d+ is bad", partWay.Message);
        Assert.Equal(DuckDB.NET.Native.DuckDBErrorType.InvalidInput, partWay.ErrorType);

        for (var i = 0; i < 20; i++) Assert.Throws<DuckDBException>(() => _db.Execute("SELECT * FROM nope"));
        Assert.Equal(1L, _db.Scalar<long>("SELECT count(*) FROM c"));
        Assert.Equal(ConnectionState.Open, _db.State);
    }
}
