namespace FileShare.Protocol.Tests.Legacy.MessagePack;

/// <summary>The kinds of value a MessagePack format byte can introduce.</summary>
public enum MessagePackType
{
    /// <summary>The format byte 0xc1, or input that ended.</summary>
    Unknown = 0,

    /// <summary>nil.</summary>
    Nil,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>Any integer family.</summary>
    Integer,

    /// <summary>float32 or float64.</summary>
    Float,

    /// <summary>A UTF-8 string.</summary>
    String,

    /// <summary>A byte array.</summary>
    Binary,

    /// <summary>An array header.</summary>
    Array,

    /// <summary>A map header.</summary>
    Map,

    /// <summary>An extension value.</summary>
    Extension,
}
