namespace FileShare.Tracker.Publications;

/// <summary>
/// A small Bloom-style fingerprint of a name: which characters (64-bit set) and which adjacent character pairs
/// (128-bit set) it contains. If a name contains a text, its signature covers the text's signature, so a search
/// can skip most names with a few AND operations and run the real substring test only on the rest.
/// </summary>
internal readonly record struct NameSignature(ulong Chars, ulong PairsLow, ulong PairsHigh)
{
    public static NameSignature Compute(ReadOnlySpan<char> text)
    {
        ulong chars = 0, pairsLow = 0, pairsHigh = 0;
        for (var i = 0; i < text.Length; i++)
        {
            chars |= 1UL << (int)((text[i] * 0x9E3779B1u) >> 26);
            if (i + 1 < text.Length)
            {
                var bit = (int)(((text[i] * 0x9E3779B1u) ^ (text[i + 1] * 0x85EBCA77u)) >> 25);
                if (bit < 64)
                {
                    pairsLow |= 1UL << bit;
                }
                else
                {
                    pairsHigh |= 1UL << (bit - 64);
                }
            }
        }

        return new NameSignature(chars, pairsLow, pairsHigh);
    }

    /// <summary>False when a name with this signature certainly does not contain a text with <paramref name="text"/>'s signature.</summary>
    public bool MayContain(in NameSignature text) =>
        (Chars & text.Chars) == text.Chars && (PairsLow & text.PairsLow) == text.PairsLow && (PairsHigh & text.PairsHigh) == text.PairsHigh;
}
