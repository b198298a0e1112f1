using System.Globalization;

namespace OutcomeAnalytics.DuckDb.Internal;

/// <summary>Converts result values (bool, int, long, double, decimal, string, DateOnly, DateTime) to requested CLR types.</summary>
internal static class ValueConverter
{
    internal static object? ChangeType(object? value, Type target)
    {
        Type? underlying = Nullable.GetUnderlyingType(target);
        if (value is null)
        {
            if (target.IsValueType && underlying is null)
            {
                throw new InvalidCastException($"NULL cannot be converted to non-nullable {target.Name}.");
            }

            return null;
        }

        Type type = underlying ?? target;
        if (type.IsInstanceOfType(value))
        {
            return value;
        }

        if (type == typeof(DateOnly))
        {
            return value switch
            {
                DateTime dateTime => DateOnly.FromDateTime(dateTime),
                string text => DateOnly.Parse(text, CultureInfo.InvariantCulture),
                _ => throw Cannot(value, type),
            };
        }

        if (type == typeof(DateTime))
        {
            return value switch
            {
                DateOnly date => date.ToDateTime(TimeOnly.MinValue),
                string text => DateTime.Parse(text, CultureInfo.InvariantCulture),
                _ => throw Cannot(value, type),
            };
        }

        if (type == typeof(string))
        {
            return value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
        }

        if (type.IsEnum)
        {
            return value is string name
                ? Enum.Parse(type, name, ignoreCase: true)
                : Enum.ToObject(type, Convert.ChangeType(value, Enum.GetUnderlyingType(type), CultureInfo.InvariantCulture));
        }

        if (type == typeof(Guid) && value is string guid)
        {
            return Guid.Parse(guid);
        }

        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(type))
        {
            return Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        }

        throw Cannot(value, type);
    }

    private static InvalidCastException Cannot(object value, Type type) =>
        new($"A {value.GetType().Name} value cannot be converted to {type.Name}.");
}
