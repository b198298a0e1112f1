namespace OutcomeAnalytics.DuckDb;

/// <summary>The DuckDB column types this binding reads.</summary>
#pragma warning disable CA1720 // The members are named after DuckDB's SQL types on purpose.
public enum DuckDbType
{
    /// <summary>BOOLEAN, read as <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>TINYINT, read as <see cref="int"/>.</summary>
    TinyInt,

    /// <summary>SMALLINT, read as <see cref="int"/>.</summary>
    SmallInt,

    /// <summary>INTEGER, read as <see cref="int"/>.</summary>
    Integer,

    /// <summary>BIGINT, read as <see cref="long"/>.</summary>
    BigInt,

    /// <summary>FLOAT, read as <see cref="double"/>.</summary>
    Float,

    /// <summary>DOUBLE, read as <see cref="double"/>.</summary>
    Double,

    /// <summary>DECIMAL(width, scale) of any width, read as <see cref="decimal"/>.</summary>
    Decimal,

    /// <summary>VARCHAR, read as <see cref="string"/>; an ENUM column is read as its value's text.</summary>
    Varchar,

    /// <summary>DATE, read as <see cref="DateOnly"/>.</summary>
    Date,

    /// <summary>TIMESTAMP (without time zone, microseconds), read as <see cref="DateTime"/> of kind Unspecified.</summary>
    Timestamp,
}
#pragma warning restore CA1720
