using System.Reflection;
using System.Runtime.CompilerServices;

namespace OutcomeAnalytics.DuckDb.Internal;

/// <summary>Maps result rows onto constructor parameters and settable properties.</summary>
internal static class RecordMapper
{
    internal static IReadOnlyList<T> Map<T>(QueryResult result)
    {
        Type type = typeof(T);
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < result.Columns.Count; c++)
        {
            byName.TryAdd(Normalize(result.Columns[c].Name), c);
        }

        ConstructorInfo? constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Where(c => !IsCopyConstructor(c, type))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        if (constructor is null && !type.IsValueType)
        {
            throw new InvalidOperationException($"ToRecords<{type.Name}>: the type has no public constructor.");
        }

        ParameterInfo[] parameters = constructor?.GetParameters() ?? [];
        var parameterColumns = new int[parameters.Length];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int p = 0; p < parameters.Length; p++)
        {
            string key = Normalize(parameters[p].Name ?? "");
            used.Add(key);
            if (byName.TryGetValue(key, out int column))
            {
                parameterColumns[p] = column;
            }
            else if (parameters[p].HasDefaultValue)
            {
                parameterColumns[p] = -1;
            }
            else
            {
                throw new InvalidOperationException(
                    $"ToRecords<{type.Name}>: constructor parameter '{parameters[p].Name}' has no matching column; the result's columns are: {result.ColumnList()}.");
            }
        }

        var properties = new List<(PropertyInfo Property, int Column)>();
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.SetMethod is not { IsPublic: true })
            {
                continue;
            }

            string key = Normalize(property.Name);
            if (used.Contains(key))
            {
                continue;
            }

            if (byName.TryGetValue(key, out int column))
            {
                properties.Add((property, column));
            }
            else if (property.IsDefined(typeof(RequiredMemberAttribute)))
            {
                throw new InvalidOperationException(
                    $"ToRecords<{type.Name}>: required property '{property.Name}' has no matching column; the result's columns are: {result.ColumnList()}.");
            }
        }

        if (parameters.Length == 0 && properties.Count == 0 && result.Columns.Count > 0)
        {
            throw new InvalidOperationException(
                $"ToRecords<{type.Name}>: no column matches a constructor parameter or settable property; the result's columns are: {result.ColumnList()}.");
        }

        var records = new T[result.RowCount];
        var arguments = new object?[parameters.Length];
        for (int row = 0; row < records.Length; row++)
        {
            for (int p = 0; p < parameters.Length; p++)
            {
                arguments[p] = parameterColumns[p] < 0
                    ? parameters[p].DefaultValue
                    : Convert(result[parameterColumns[p]], row, parameters[p].ParameterType, type, parameters[p].Name);
            }

            object instance = constructor is null ? Activator.CreateInstance(type)! : constructor.Invoke(arguments);
            foreach ((PropertyInfo property, int column) in properties)
            {
                property.SetValue(instance, Convert(result[column], row, property.PropertyType, type, property.Name));
            }

            records[row] = (T)instance;
        }

        return records;
    }

    private static object? Convert(ResultColumn column, int row, Type target, Type recordType, string? member)
    {
        object? value = column.GetValue(row);
        try
        {
            return ValueConverter.ChangeType(value, target);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"ToRecords<{recordType.Name}>: column '{column.Name}' ({column.Type}) row {row} value {(value is null ? "NULL" : value)} cannot be converted to {target.Name} for '{member}': {ex.Message}",
                ex);
        }
    }

    private static bool IsCopyConstructor(ConstructorInfo constructor, Type type)
    {
        ParameterInfo[] parameters = constructor.GetParameters();
        return parameters.Length == 1 && parameters[0].ParameterType == type;
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
}
