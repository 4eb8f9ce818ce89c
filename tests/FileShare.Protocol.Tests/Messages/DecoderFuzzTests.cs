using FileShare.Protocol.Messages;
using FileShare.Protocol.Transfer;
using FileShare.Protocol.Tests.TestSupport;
using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>
/// Random and mutated input (fixed seeds, so every run is the same) never makes a decoder throw
/// anything but <see cref="ProtocolException"/>.
/// </summary>
public sealed class DecoderFuzzTests
{
    private const int RandomInputs = 4000;
    private const int MutationsPerSample = 150;

    private delegate void Decoder(byte[] input);

    private static readonly (string Name, Decoder Decode)[] Decoders =
    [
        ("MessageCodec.Decode", input => MessageCodec.Decode(input)),
        ("TransferFraming.DecodeRequest", input => TransferFraming.DecodeRequest(input)),
        ("TransferFraming.DecodeResponse", input => TransferFraming.DecodeResponse(input)),
        ("Strict.SkipChecked", input =>
        {
            // The library's own exceptions for malformed input are what the codec maps to BadRequest.
            var reader = new MessagePackReader(input);
            try
            {
                while (!reader.End)
                {
                    Strict.SkipChecked(ref reader, 0);
                }
            }
            catch (Exception ex) when (Strict.IsMalformedInput(ex))
            {
                throw new ProtocolException(ex.Message, ex);
            }
        }),
    ];

    private static void AssertOnlyProtocolExceptions(byte[] input)
    {
        foreach (var (name, decode) in Decoders)
        {
            try
            {
                decode(input);
            }
            catch (ProtocolException)
            {
                // the only acceptable failure
            }
            catch (Exception ex)
            {
                Assert.Fail($"{name} threw {ex.GetType().Name} for {Bytes.Hex(input)}: {ex}");
            }
        }
    }

    [Fact]
    public void RandomByteStringsRaiseOnlyProtocolExceptions()
    {
        var random = new Random(20240601);
        for (var i = 0; i < RandomInputs; i++)
        {
            var input = new byte[random.Next(0, 64 + (i % 4 == 0 ? 1200 : 0))];
            random.NextBytes(input);
            AssertOnlyProtocolExceptions(input);
        }
    }

    [Fact]
    public void RandomBodiesBehindAValidEnvelopeHeadRaiseOnlyProtocolExceptions()
    {
        // Pure noise rarely gets past the magic; start from a real head so the body decoders get fuzzed too.
        var random = new Random(77);
        var typeIds = Enum.GetValues<MessageType>();
        for (var i = 0; i < RandomInputs; i++)
        {
            var type = typeIds[random.Next(typeIds.Length)];
            var head = Bytes.FromHex("96cd465301" + ((byte)type).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + "07c0");
            var body = new byte[random.Next(0, 96)];
            random.NextBytes(body);
            if (body.Length > 0 && random.Next(2) == 0)
            {
                body[0] = (byte)(0x90 | random.Next(0, 9)); // often a plausible body array header
            }

            AssertOnlyProtocolExceptions(Bytes.Concat(head, body));
        }
    }

    [Fact]
    public void BitFlippedMessagesRaiseOnlyProtocolExceptions()
    {
        var random = new Random(4242);
        var valid = SampleMessages.All.Select(s => MessageCodec.Encode(s.Envelope))
            .Concat(TransferSamples().Select(frame => frame[TransferFraming.PrefixBytes..]))
            .ToList();

        foreach (var original in valid)
        {
            for (var m = 0; m < MutationsPerSample; m++)
            {
                var mutated = (byte[])original.Clone();
                var flips = 1 + random.Next(3);
                for (var f = 0; f < flips; f++)
                {
                    var bit = random.Next(mutated.Length * 8);
                    mutated[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                AssertOnlyProtocolExceptions(mutated);
            }
        }
    }

    [Fact]
    public void BytesReplacedWithBoundaryValuesRaiseOnlyProtocolExceptions()
    {
        // Replacing one byte with a format code or a length extreme hits the header paths directly.
        byte[] specials = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc4, 0xc6, 0xc9, 0xca, 0xcb, 0xcf, 0xd3, 0xd8, 0xdb, 0xdd, 0xdf, 0xff];
        var valid = SampleMessages.All.Select(s => MessageCodec.Encode(s.Envelope))
            .Concat(TransferSamples().Select(frame => frame[TransferFraming.PrefixBytes..]))
            .ToList();

        foreach (var original in valid.Where(v => v.Length < 400))
        {
            for (var position = 0; position < original.Length; position++)
            {
                foreach (var special in specials)
                {
                    var mutated = (byte[])original.Clone();
                    mutated[position] = special;
                    AssertOnlyProtocolExceptions(mutated);
                }
            }
        }
    }

    private static IEnumerable<byte[]> TransferSamples()
    {
        yield return TransferFraming.EncodeRequest(new TransferRequest("holiday.zip", 1024, "bob", SampleMessages.Sha, 1_767_225_600_000L, SampleMessages.Ticket));
        yield return TransferFraming.EncodeResponse(new TransferResponse(TransferStatus.Ok, 734_003_200L, SampleMessages.Sha, string.Empty));
        yield return TransferFraming.EncodeResponse(new TransferResponse(TransferStatus.InvalidTicket, 0, null, "ticket expired"));
    }
}
