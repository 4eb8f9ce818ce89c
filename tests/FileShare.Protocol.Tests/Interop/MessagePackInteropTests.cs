using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MessagePack;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Transfer;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.Interop;

/// <summary>
/// Cross-checks our codec against the independent @msgpack/msgpack implementation (tests/interop).
/// JSON tags used by the script: <c>{"$bin": hex}</c> for binary, <c>{"$bigint": "decimal"}</c> for int64/uint64.
/// </summary>
public sealed class MessagePackInteropTests
{
    private static string Bin(byte[] bytes) => $$"""{"$bin":"{{Bytes.Hex(bytes)}}"}""";

    private static string Big(string decimalText) => $$"""{"$bigint":"{{decimalText}}"}""";

    private static string Str(string value) => JsonSerializer.Serialize(value);

    private static async Task AssertNodeDecodes(IReadOnlyList<(byte[] Encoded, string ExpectedJson)> cases)
    {
        var outputs = await NodeInterop.RunAsync("decode", cases.Select(c => Bytes.Hex(c.Encoded)).ToList());
        for (var i = 0; i < cases.Count; i++)
        {
            var expected = JsonNode.Parse(cases[i].ExpectedJson);
            var actual = JsonNode.Parse(outputs[i]);
            Assert.True(
                JsonNode.DeepEquals(expected, actual),
                $"node decoded {Truncate(Bytes.Hex(cases[i].Encoded))}\n to {Truncate(outputs[i])}\n expected {Truncate(cases[i].ExpectedJson)}");
        }
    }

    private static string Truncate(string text) => text.Length <= 400 ? text : text[..400] + "...";

    [NodeInteropFact]
    public async Task OurEncodingsOfSampleMessagesDecodeInNodeToTheExpectedJson()
    {
        var token = Bytes.Filled(16, 0x22);
        var sha = Bytes.Filled(32, 0x11);
        var ticket = Bytes.Filled(32, 0x33);
        var candidate = new FileCandidate("bob", "2001:db8::1", 40123, ProtocolLimits.MaxFileSize, sha, 1_767_225_600_000L, ticket);

        await AssertNodeDecodes(
        [
            (MessageCodec.Encode(new Envelope(7, token, new PublishRequest("a.txt", 5, sha))),
                $"""[18003, 1, 48, 7, {Bin(token)}, ["a.txt", 5, {Bin(sha)}]]"""),
            (MessageCodec.Encode(new Envelope(300, null, new ErrorReply(ErrorCode.UnsupportedVersion, "v?"))),
                """[18003, 1, 81, 300, null, [2, "v?"]]"""),
            (MessageCodec.Encode(new Envelope(uint.MaxValue, token, new NameListReply(["é.txt", "€uro", "😀", SampleMessages.LongName], true))),
                $"""[18003, 1, 82, 4294967295, {Bin(token)}, [["é.txt", "€uro", "😀", {Str(SampleMessages.LongName)}], true]]"""),
            (MessageCodec.Encode(new Envelope(26, null, new FileCandidatesReply([candidate], false))),
                $"""[18003, 1, 83, 26, null, [[["bob", "2001:db8::1", 40123, {Big("9007199254740992")}, {Bin(sha)}, {Big("1767225600000")}, {Bin(ticket)}]], false]]"""),
            (MessageCodec.Encode(new Envelope(11, token, new SearchRequest("photo", null))),
                $"""[18003, 1, 52, 11, {Bin(token)}, ["photo", null]]"""),
            (MessageCodec.Encode(new Envelope(2, null, new AuthChallengeReply("abc%def", SampleMessages.Salt, 4096))),
                $"""[18003, 1, 17, 2, null, ["abc%def", {Bin(SampleMessages.Salt)}, 4096]]"""),
            (MessageCodec.Encode(new Envelope(1, null, new DiscoveryProbe())),
                """[18003, 1, 1, 1, null, []]"""),
            (TransferFraming.EncodeRequest(new TransferRequest("a", 65536, "b", sha, -1, ticket))[TransferFraming.PrefixBytes..],
                $"""[18003, 1, "a", 65536, "b", {Bin(sha)}, -1, {Bin(ticket)}]"""),
            (TransferFraming.EncodeResponse(new TransferResponse(TransferStatus.NotFound, 0, null, "no such file"))[TransferFraming.PrefixBytes..],
                """[18003, 1, 3, 0, null, "no such file"]"""),
        ]);
    }

    [NodeInteropFact]
    public async Task EverySampleMessageDecodesInNodeAsAnEnvelope()
    {
        var samples = SampleMessages.All;
        var outputs = await NodeInterop.RunAsync("decode", samples.Select(s => Bytes.Hex(MessageCodec.Encode(s.Envelope))).ToList());
        for (var i = 0; i < samples.Count; i++)
        {
            var envelope = samples[i].Envelope;
            var array = Assert.IsType<JsonArray>(JsonNode.Parse(outputs[i]), exactMatch: false);
            Assert.True(array.Count == 6, $"{samples[i].Name}: {outputs[i]}");
            Assert.Equal(MessageCodec.Magic, array[0]!.GetValue<int>());
            Assert.Equal(MessageCodec.Version, array[1]!.GetValue<int>());
            Assert.Equal((int)envelope.Message.Type, array[2]!.GetValue<int>());
            Assert.Equal(envelope.RequestId, array[3]!.GetValue<uint>());
            Assert.IsType<JsonArray>(array[5], exactMatch: false);
        }
    }

    [NodeInteropFact]
    public async Task OurBoundaryEncodingsDecodeInNodeToTheSameValues()
    {
        var cases = new List<(byte[], string)>();
        foreach (var value in new long[] { 0, 127, 128, 255, 256, 65535, 65536, 4294967295, -1, -32, -33, -128, -129, -32768, -32769, int.MinValue })
        {
            cases.Add((Bytes.Write(w => w.Write(value)), value.ToString(CultureInfo.InvariantCulture)));
        }

        foreach (var value in new long[] { 4294967296, long.MaxValue, (long)int.MinValue - 1, long.MinValue })
        {
            cases.Add((Bytes.Write(w => w.Write(value)), Big(value.ToString(CultureInfo.InvariantCulture))));
        }

        cases.Add((Bytes.Write(w => w.Write(ulong.MaxValue)), Big("18446744073709551615")));
        cases.Add((Bytes.Write(w => w.Write(1.5)), "1.5"));
        cases.Add((Bytes.Write(w => w.Write(-1e300)), "-1e300"));
        cases.Add((Bytes.Write(w => w.WriteNil()), "null"));
        cases.Add((Bytes.Write(w => w.Write(true)), "true"));
        cases.Add((Bytes.Write(w => w.Write(false)), "false"));

        foreach (var length in new[] { 0, 31, 32, 255, 256, 65535, 65536 })
        {
            var text = string.Concat(Enumerable.Repeat("x", length));
            cases.Add((Bytes.Write(w => w.Write(text)), Str(text)));
        }

        cases.Add((Bytes.Write(w => w.Write("aé€😀 文件")), Str("aé€😀 文件")));

        foreach (var length in new[] { 0, 255, 256, 65535, 65536 })
        {
            var payload = Bytes.Pattern(length, seed: length);
            cases.Add((Bytes.Write(w => w.WriteBinary(payload)), Bin(payload)));
        }

        foreach (var count in new[] { 0, 15, 16, 65535, 65536 })
        {
            var array = Bytes.Concat(Bytes.Write(w => w.WriteArrayHeader(count)), Bytes.Filled(count, 0x07));
            cases.Add((array, "[" + string.Join(",", Enumerable.Repeat("7", count)) + "]"));
        }

        foreach (var count in new[] { 0, 15, 16 })
        {
            var map = Bytes.Write(w =>
            {
                w.WriteMapHeader(count);
                for (var i = 0; i < count; i++)
                {
                    w.Write($"k{i}");
                    w.Write(i);
                }
            });
            cases.Add((map, "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"k{i}\":{i}")) + "}"));
        }

        await AssertNodeDecodes(cases);
    }

    [NodeInteropFact]
    public async Task ValuesNodeEncodesDecodeWithOurReader()
    {
        var token = SampleMessages.Token;
        var sha = SampleMessages.Sha;
        var longText = new string('é', 150); // 300 bytes: str16
        var inputs = new List<string>
        {
            "1",                                   // 0
            "-33",                                 // 1
            "4294967295",                          // 2
            Big("1"),                              // 3: int64 family for a tiny value
            Big("-1"),                             // 4
            Big("18446744073709551615"),           // 5
            Big("-9223372036854775808"),           // 6
            "1.5",                                 // 7
            "-0.1",                                // 8
            Str("é€😀"),                           // 9
            Str(new string('s', 40)),              // 10: str8
            Str(longText),                         // 11: str16
            Bin([0x00, 0xff, 0x10]),               // 12
            "null",                                // 13
            "true",                                // 14
            """[1, [2, [3, "x"]]]""",              // 15
            """{"a": 1, "b": [true, null]}""",     // 16
            $"""[18003, 1, 48, {Big("9")}, {Bin(token)}, ["a.txt", {Big("5")}, {Bin(sha)}]]""", // 17
            $"""[18003, 1, 82, 3, null, [["x", "é"], false]]""",                                   // 18
        };

        var hex = await NodeInterop.RunAsync("encode", inputs);
        Assert.DoesNotContain(hex, h => h.StartsWith('!'));
        var bytes = hex.Select(Bytes.FromHex).ToArray();

        Assert.Equal(1L, ReaderOps.Run("int", bytes[0]).Value);
        Assert.Equal(-33L, ReaderOps.Run("int", bytes[1]).Value);
        Assert.Equal(4294967295L, ReaderOps.Run("int", bytes[2]).Value);
        Assert.Equal("cf0000000000000001", hex[3]);
        Assert.Equal(1L, ReaderOps.Run("int", bytes[3]).Value);
        Assert.Equal("d3ffffffffffffffff", hex[4]);
        Assert.Equal(-1L, ReaderOps.Run("int", bytes[4]).Value);
        Assert.Equal(ulong.MaxValue, ReaderOps.Run("uint", bytes[5]).Value);
        Assert.Equal(long.MinValue, ReaderOps.Run("int", bytes[6]).Value);
        Assert.Equal(1.5, ReaderOps.Run("double", bytes[7]).Value);
        Assert.Equal(-0.1, ReaderOps.Run("double", bytes[8]).Value);
        Assert.Equal("é€😀", ReaderOps.Run("string", bytes[9]).Value);
        Assert.Equal(new string('s', 40), ReaderOps.Run("string", bytes[10]).Value);
        Assert.Equal(longText, ReaderOps.Run("string", bytes[11]).Value);
        Assert.Equal(new byte[] { 0x00, 0xff, 0x10 }, ReaderOps.Run("binary", bytes[12]).Value);
        Assert.Null(ReaderOps.Run("nil", bytes[13]).Value);
        Assert.Equal(true, ReaderOps.Run("bool", bytes[14]).Value);

        var nested = new MessagePackReader(bytes[15]);
        Assert.Equal(2, nested.ReadArrayHeader());
        Assert.Equal(1, nested.ReadInt64());
        Assert.Equal(2, nested.ReadArrayHeader());
        Assert.Equal(2, nested.ReadInt64());
        Assert.Equal(2, nested.ReadArrayHeader());
        Assert.Equal(3, nested.ReadInt64());
        Assert.Equal("x", nested.ReadString());
        Assert.True(nested.End);

        var map = new MessagePackReader(bytes[16]);
        Assert.Equal(2, map.ReadMapHeader());
        Assert.Equal("a", map.ReadString());
        Assert.Equal(1, map.ReadInt64());
        Assert.Equal("b", map.ReadString());
        Assert.Equal(2, map.ReadArrayHeader());
        Assert.True(map.ReadBoolean());
        map.ReadNil();
        Assert.True(map.End);

        var envelope = MessageCodec.Decode(bytes[17]);
        Assert.Equal(9u, envelope.RequestId);
        Assert.Equal(token, envelope.SessionToken);
        var publish = Assert.IsType<PublishRequest>(envelope.Message);
        Assert.Equal("a.txt", publish.Name);
        Assert.Equal(5L, publish.Size);
        Assert.Equal(sha, publish.Sha256);

        var names = Assert.IsType<NameListReply>(MessageCodec.Decode(bytes[18]).Message);
        Assert.Equal(["x", "é"], names.Names);
        Assert.False(names.More);
    }

    [NodeInteropFact]
    public async Task Float32ValuesNodeEncodesDecodeWithOurReader()
    {
        var hex = await NodeInterop.RunAsync("encode", ["1.5", "-2.25", "0.1", "[0.5, 3]"], "--float32");
        Assert.Equal("ca3fc00000", hex[0]);
        Assert.Equal(1.5, ReaderOps.Run("double", Bytes.FromHex(hex[0])).Value);
        Assert.Equal(-2.25, ReaderOps.Run("double", Bytes.FromHex(hex[1])).Value);
        Assert.Equal((double)0.1f, ReaderOps.Run("double", Bytes.FromHex(hex[2])).Value);

        var reader = new MessagePackReader(Bytes.FromHex(hex[3]));
        Assert.Equal(2, reader.ReadArrayHeader());
        Assert.Equal(0.5, reader.ReadDouble());
        Assert.Equal(3.0, reader.ReadDouble());
        Assert.True(reader.End);
    }

    [NodeInteropFact]
    public async Task NodeAndOurWriterAgreeOnSmallestEncodings()
    {
        var text300 = new string('t', 300);
        var cases = new List<(string Json, byte[] Ours)>
        {
            ("0", Bytes.Write(w => w.Write(0L))),
            ("127", Bytes.Write(w => w.Write(127L))),
            ("128", Bytes.Write(w => w.Write(128L))),
            ("65536", Bytes.Write(w => w.Write(65536L))),
            ("4294967295", Bytes.Write(w => w.Write(4294967295L))),
            ("-32", Bytes.Write(w => w.Write(-32L))),
            ("-33", Bytes.Write(w => w.Write(-33L))),
            ("-129", Bytes.Write(w => w.Write(-129L))),
            ("-32769", Bytes.Write(w => w.Write(-32769L))),
            ("-2147483648", Bytes.Write(w => w.Write((long)int.MinValue))),
            ("2.5", Bytes.Write(w => w.Write(2.5))),
            ("\"\"", Bytes.Write(w => w.Write(string.Empty))),
            (Str(new string('a', 31)), Bytes.Write(w => w.Write(new string('a', 31)))),
            (Str(new string('a', 32)), Bytes.Write(w => w.Write(new string('a', 32)))),
            (Str(text300), Bytes.Write(w => w.Write(text300))),
            (Str("€😀"), Bytes.Write(w => w.Write("€😀"))),
            (Bin([]), Bytes.Write(w => w.WriteBinary([]))),
            (Bin(new byte[256]), Bytes.Write(w => w.WriteBinary(new byte[256]))),
            ("[]", Bytes.Write(w => w.WriteArrayHeader(0))),
            ("[null, true, false]", Bytes.Write(w =>
            {
                w.WriteArrayHeader(3);
                w.WriteNil();
                w.Write(true);
                w.Write(false);
            })),
            ("[" + string.Join(",", Enumerable.Repeat("1", 16)) + "]", Bytes.Concat(Bytes.Write(w => w.WriteArrayHeader(16)), Bytes.Filled(16, 1))),
        };

        var hex = await NodeInterop.RunAsync("encode", cases.Select(c => c.Json).ToList());
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.True(Bytes.Hex(cases[i].Ours) == hex[i], $"{Truncate(cases[i].Json)}: ours {Truncate(Bytes.Hex(cases[i].Ours))}, node {Truncate(hex[i])}");
        }
    }

    [NodeInteropFact]
    public async Task InputBothSidesRejectIsRejectedByNodeToo()
    {
        // Sanity check of the harness itself: node reports, rather than hides, what it cannot decode.
        var outputs = await NodeInterop.RunAsync("decode", ["c1", "db00000004616263", "a2c0af"]);
        Assert.Contains("$error", outputs[0], StringComparison.Ordinal);
        Assert.Contains("$error", outputs[1], StringComparison.Ordinal);
        Assert.Throws<ProtocolException>(() => ReaderOps.Run("skip", Bytes.FromHex("c1")));
        Assert.Throws<ProtocolException>(() => ReaderOps.Run("string", Bytes.FromHex("db00000004616263")));
        Assert.Throws<ProtocolException>(() => ReaderOps.Run("string", Bytes.FromHex("a2c0af")));
        // outputs[2] is not asserted: node's decoder is lenient about overlong UTF-8, ours is strict.
    }
}
