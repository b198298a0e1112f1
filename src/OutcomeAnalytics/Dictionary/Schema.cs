using System.Text;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Dictionary;

/// <summary>The database tables the toolkit keeps, derived from the data dictionary.</summary>
public static class Schema
{
    /// <summary>The <c>CREATE TABLE</c> statement of a contract table.</summary>
    public static string CreateTable(TableDefinition table)
    {
        var sql = new StringBuilder();
        sql.Append("CREATE TABLE IF NOT EXISTS ").Append(table.Name).Append(" (");
        sql.Append(string.Join(", ", table.Columns.Select(c => $"{c.Name} {c.StorageType}{(c.Required ? " NOT NULL" : "")}")));
        sql.Append(')');
        return sql.ToString();
    }

    /// <summary>The DDL of every table: contract tables, then the load's own bookkeeping tables.</summary>
    public static string Ddl(DataDictionary dictionary) =>
        string.Join(";\n", dictionary.Tables.Select(CreateTable).Concat(
        [
            "CREATE TABLE IF NOT EXISTS load_log (load_id BIGINT NOT NULL, loaded_at TIMESTAMP NOT NULL, table_name VARCHAR NOT NULL, "
                + "file_name VARCHAR NOT NULL, rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, rows_rejected BIGINT NOT NULL, date_format VARCHAR NOT NULL)",
            "CREATE TABLE IF NOT EXISTS load_rejects (load_id BIGINT NOT NULL, table_name VARCHAR NOT NULL, file_name VARCHAR NOT NULL, "
                + "line INTEGER, column_name VARCHAR NOT NULL, rule VARCHAR NOT NULL, value VARCHAR, message VARCHAR NOT NULL, row_text VARCHAR NOT NULL)",
        ])) + ";";

    /// <summary>
    /// A code column stored by an earlier dictionary as an ENUM of other values (a code added since, say) is altered
    /// to this dictionary's ENUM, so that the new values can be stored; the rows keep their values. (A column an
    /// earlier version stored as text stays text, which works as it is.)
    /// </summary>
    private static void WidenCodes(DuckDBConnection connection, DataDictionary dictionary)
    {
        var types = connection.Rows(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = 'main' AND data_type LIKE 'ENUM(%'",
            r => (Key: (r.GetString(0), r.GetString(1)), Type: r.GetString(2))).ToDictionary(c => c.Key, c => c.Type);
        foreach (var table in dictionary.Tables)
            foreach (var column in table.Columns)
                if (types.TryGetValue((table.Name, column.Name), out var type) && type != column.StorageType)
                    connection.Execute($"ALTER TABLE {table.Name} ALTER COLUMN {column.Name} TYPE {column.StorageType}");
    }

    /// <summary>
    /// Creates every missing table and widens stored code columns, in one transaction. The instrument reference tables
    /// are written by <c>InstrumentCatalog.Store</c>.
    /// </summary>
    public static void Ensure(DuckDBConnection connection, DataDictionary dictionary)
    {
        using var transaction = connection.BeginTransaction();
        connection.Execute(Ddl(dictionary));
        WidenCodes(connection, dictionary);
        transaction.Commit();
    }
}
