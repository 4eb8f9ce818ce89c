using FileShare.Protocol.Messages;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>
/// About 100,000 datagrams mutated from the sample messages with fixed seeds: bit flips, every byte replaced by every
/// format boundary, random bodies behind valid heads, and splices, truncations and appends.
/// </summary>
internal static class MutatedCorpus
{
    private static readonly byte[] FormatBoundaries =
        [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc4, 0xc6, 0xc9, 0xca, 0xcb, 0xcf, 0xd3, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xff];

    public static IEnumerable<byte[]> All() => BitFlips().Concat(FormatBoundaryBytes()).Concat(RandomBodies()).Concat(Splices());

    public static IEnumerable<byte[]> BitFlips()
    {
        var random = new Random(4242);
        foreach (var original in Valid())
        {
            for (var m = 0; m < 300; m++)
            {
                var mutated = (byte[])original.Clone();
                for (var f = 0; f < 1 + random.Next(3); f++)
                {
                    var bit = random.Next(mutated.Length * 8);
                    mutated[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                yield return mutated;
            }
        }
    }

    public static IEnumerable<byte[]> FormatBoundaryBytes()
    {
        foreach (var original in Valid().Where(v => v.Length < 400))
        {
            for (var position = 0; position < original.Length; position++)
            {
                foreach (var special in FormatBoundaries)
                {
                    var mutated = (byte[])original.Clone();
                    mutated[position] = special;
                    yield return mutated;
                }
            }
        }
    }

    public static IEnumerable<byte[]> RandomBodies()
    {
        var random = new Random(77);
        var types = Enum.GetValues<MessageType>();
        for (var i = 0; i < 20_000; i++)
        {
            var type = types[random.Next(types.Length)];
            var token = random.Next(2) == 0 ? "c0" : "c410" + Bytes.Hex(SampleMessages.Token);
            var head = Bytes.FromHex($"96cd465301{(byte)type:x2}07{token}");
            var body = new byte[random.Next(0, 96)];
            random.NextBytes(body);
            if (body.Length > 0 && random.Next(2) == 0)
            {
                body[0] = (byte)(0x90 | random.Next(0, 9));
            }

            yield return Bytes.Concat(head, body);
        }
    }

    public static IEnumerable<byte[]> Splices()
    {
        var random = new Random(99);
        var valid = Valid();
        foreach (var original in valid)
        {
            for (var m = 0; m < 300; m++)
            {
                var other = valid[random.Next(valid.Count)];
                var cut = random.Next(original.Length + 1);
                var from = random.Next(other.Length + 1);
                yield return random.Next(3) switch
                {
                    0 => original[..cut],
                    1 => Bytes.Concat(original, other[from..]),
                    _ => Bytes.Concat(original[..cut], other[from..]),
                };
            }
        }
    }

    private static List<byte[]> Valid() => [.. SampleMessages.All.Select(s => MessageCodec.Encode(s.Envelope))];
}
