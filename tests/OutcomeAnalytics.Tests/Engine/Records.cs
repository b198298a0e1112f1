using System.Data.Common;
using System.Reflection;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests;

/// <summary>Reads query results into positional records for tests: column i goes to the constructor's parameter i.</summary>
internal static class Records
{
    private static readonly MethodInfo FieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!;

    /// <summary>Every row of <paramref name="sql"/> as a <typeparamref name="T"/> (NULL as null).</summary>
    public static List<T> All<T>(this DbConnection connection, string sql, params object?[] parameters)
    {
        var constructor = typeof(T).GetConstructors().MaxBy(c => c.GetParameters().Length)!;
        var types = constructor.GetParameters().Select(p => p.ParameterType).ToArray();
        var readers = types.Select(t => FieldValue.MakeGenericMethod(Nullable.GetUnderlyingType(t) ?? t)).ToArray();
        return connection.Rows(sql, r =>
        {
            if (r.FieldCount != types.Length) throw new InvalidOperationException($"{typeof(T).Name} takes {types.Length} values but the query gives {r.FieldCount}.");
            var values = new object?[types.Length];
            for (var i = 0; i < values.Length; i++) values[i] = r.IsDBNull(i) ? null : readers[i].Invoke(r, [i]);
            return (T)constructor.Invoke(values);
        }, parameters);
    }
}
