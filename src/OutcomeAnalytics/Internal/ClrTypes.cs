namespace OutcomeAnalytics.Internal;

/// <summary>What kind of value a .NET type holds, as tables and DataFrames treat it.</summary>
internal static class ClrTypes
{
    /// <summary>True for the built-in whole-number types (signed and unsigned, 8 to 64 bits).</summary>
    public static bool IsWholeNumber(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte)
        || type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) || type == typeof(byte);
}
