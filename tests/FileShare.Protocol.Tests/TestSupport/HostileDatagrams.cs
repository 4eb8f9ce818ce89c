namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>
/// The hostile-input corpus: kept for good as the regression suite for library upgrades, with the verdict each
/// datagram must get pinned in <c>HostileDatagramTests</c>.
/// </summary>
public static class HostileDatagrams
{
    private static readonly string Tok = "c4 10 " + Bytes.Hex(SampleMessages.Token);
    private static readonly string Sha = "c4 20 " + Bytes.Hex(SampleMessages.Sha);
    private static readonly string Ticket = "c4 20 " + Bytes.Hex(SampleMessages.Ticket);
    private const string Notes = "a9 6e 6f 74 65 73 2e 74 78 74"; // "notes.txt"
    private const string Size = "cd 04 d2";

    private static byte[] Env(int type, string body, string token = "", string head = "96", string magic = "cd 46 53", string version = "01", string id = "07", string trailing = "") =>
        Bytes.FromHex($"{head} {magic} {version} {type:x2} {id} {(token == "" ? Tok : token)} {body} {trailing}");

    private static byte[] Pub(string body, string trailing = "", string token = "", string head = "96") =>
        Env(0x30, body, token, head, trailing: trailing);

    private static string Nested(int levels) => string.Concat(Enumerable.Repeat("91 ", levels)) + "c0";

    private static string Candidate(string port = "cd 9c bb", string fields = "97", string extra = "") =>
        $"{fields} a3 62 6f 62 a9 31 32 37 2e 30 2e 30 2e 31 {port} {Size} {Sha} cf 00 00 01 9b 76 da a8 00 {Ticket} {extra}";

    private static string Names(int count, string each) =>
        (count <= 15 ? $"{0x90 + count:x2}" : $"dc {count:x4}") + " " + string.Concat(Enumerable.Repeat(each + " ", count));

    public static IReadOnlyList<HostileDatagram> All { get; } =
    [
        // Controls: valid, every codec accepts.
        new("control", "valid Publish", Pub($"93 {Notes} {Size} {Sha}"), LibraryAloneAccepts: true),
        new("decoders accept any encoding", "version as int64 d3 00..01, size as uint64",
            Env(0x30, $"93 {Notes} cf 00 00 00 00 00 00 04 d2 {Sha}", version: "d3 00 00 00 00 00 00 00 01"), LibraryAloneAccepts: true),
        new("extra trailing fields skipped", "Publish body with a 4th field", Pub($"94 {Notes} {Size} {Sha} c0"), LibraryAloneAccepts: true),
        new("extra trailing fields skipped", "FileCandidate with an 8th field", Env(0x53, $"92 91 {Candidate(fields: "98", extra: "a1 78")} c2"), LibraryAloneAccepts: true),
        new("max nesting 16", "trailing field nested 16 deep", Pub($"94 {Notes} {Size} {Sha} {Nested(16)}"), LibraryAloneAccepts: true),

        // Envelope shape.
        new("envelope exactly 6", "envelope of 7 elements", Pub($"93 {Notes} {Size} {Sha}", head: "97", trailing: "c0"), LibraryAloneAccepts: true),
        new("envelope exactly 6", "envelope of 5 elements (no body)", Bytes.FromHex($"95 cd 46 53 01 30 07 {Tok}"), LibraryAloneAccepts: true),
        new("magic", "wrong magic 0x4654", Env(0x30, $"93 {Notes} {Size} {Sha}", magic: "cd 46 54"), LibraryAloneAccepts: true),
        new("version", "version 3", Env(0x30, $"93 {Notes} {Size} {Sha}", version: "03"), LibraryAloneAccepts: true),
        new("version", "version 2 in a 6-element envelope", Env(0x30, $"93 {Notes} {Size} {Sha}", version: "02"), LibraryAloneAccepts: true),
        new("requestId 0..2^32-1", "request id -1", Env(0x30, $"93 {Notes} {Size} {Sha}", id: "ff"), LibraryAloneAccepts: false),
        new("token nil or bin(=16)", "token of 15 bytes", Pub($"93 {Notes} {Size} {Sha}", token: "c4 0f " + Bytes.Hex(SampleMessages.Token.AsSpan(0, 15))), LibraryAloneAccepts: true),

        // str vs bin.
        new("str/bin distinct", "token as fixstr (16 bytes)", Pub($"93 {Notes} {Size} {Sha}", token: "b0 " + Bytes.Hex(SampleMessages.Token)), LibraryAloneAccepts: true),
        new("str/bin distinct", "Sha256 as str16", Pub($"93 {Notes} {Size} da 00 20 {Bytes.Hex(SampleMessages.Sha)}"), LibraryAloneAccepts: true),
        new("str/bin distinct", "Sha256 as str8", Pub($"93 {Notes} {Size} d9 20 {Bytes.Hex(SampleMessages.Sha)}"), LibraryAloneAccepts: false),
        new("str/bin distinct", "Name as bin8", Pub($"93 c4 09 6e 6f 74 65 73 2e 74 78 74 {Size} {Sha}"), LibraryAloneAccepts: false),

        // Wrong types / nil.
        new("field types", "nil for Name (str)", Pub($"93 c0 {Size} {Sha}"), LibraryAloneAccepts: true),
        new("field types", "nil for Sha256 (bin)", Pub($"93 {Notes} {Size} c0"), LibraryAloneAccepts: true),
        new("field types", "nil for the body", Pub("c0"), LibraryAloneAccepts: true),
        new("field types", "Size as float64", Pub($"93 {Notes} cb 40 93 48 00 00 00 00 00 {Sha}"), LibraryAloneAccepts: false),
        new("field types", "Size as true", Pub($"93 {Notes} c3 {Sha}"), LibraryAloneAccepts: false),
        new("field types", "body is a map", Pub($"83 00 {Notes} 01 {Size} 02 {Sha}"), LibraryAloneAccepts: false),

        // Required fields.
        new("required fields", "Publish body of 2 fields", Pub($"92 {Notes} {Size}"), LibraryAloneAccepts: true),
        new("required fields", "Publish body empty", Pub("90"), LibraryAloneAccepts: true),
        new("required fields", "FileCandidate of 6 fields", Env(0x53, $"92 91 96 a3 62 6f 62 a9 31 32 37 2e 30 2e 30 2e 31 cd 9c bb {Size} {Sha} 00 c2"), LibraryAloneAccepts: true),

        // Ranges and byte limits.
        new("int ranges", "Size -1", Pub($"93 {Notes} ff {Sha}"), LibraryAloneAccepts: true),
        new("int ranges", "Size 2^53+1", Pub($"93 {Notes} cf 00 20 00 00 00 00 00 01 {Sha}"), LibraryAloneAccepts: true),
        new("int ranges", "Port 70000", Env(0x53, $"92 91 {Candidate(port: "ce 00 01 11 70")} c2"), LibraryAloneAccepts: true),
        new("int ranges", "Port 2^40 (does not fit int)", Env(0x53, $"92 91 {Candidate(port: "cf 00 00 01 00 00 00 00 00")} c2"), LibraryAloneAccepts: false),
        new("exact bin length", "Sha256 of 31 bytes", Pub($"93 {Notes} {Size} c4 1f {Bytes.Hex(SampleMessages.Sha.AsSpan(0, 31))}"), LibraryAloneAccepts: true),
        new("str byte limit", "Name of 256 bytes (limit 255)", Pub($"93 da 01 00 {string.Concat(Enumerable.Repeat("61 ", 256))} {Size} {Sha}"), LibraryAloneAccepts: true),
        new("collection limit 256", "NameList of 300 names", Env(0x52, $"92 {Names(300, "a1 61")} c2", token: "c0"), LibraryAloneAccepts: true),
        new("str byte limit", "NameList item of 256 bytes", Env(0x52, $"92 91 da 01 00 {string.Concat(Enumerable.Repeat("61 ", 256))} c2", token: "c0"), LibraryAloneAccepts: true),

        // UTF-8.
        new("valid UTF-8", "Name c3 28 (bad continuation)", Pub($"93 a2 c3 28 {Size} {Sha}"), LibraryAloneAccepts: true),
        new("valid UTF-8", "Name c0 af (overlong '/')", Pub($"93 a2 c0 af {Size} {Sha}"), LibraryAloneAccepts: true),
        new("valid UTF-8", "Name ed a0 80 (UTF-16 surrogate)", Pub($"93 a3 ed a0 80 {Size} {Sha}"), LibraryAloneAccepts: true),
        new("valid UTF-8", "Name e2 82 (truncated sequence)", Pub($"93 a2 e2 82 {Size} {Sha}"), LibraryAloneAccepts: true),
        new("valid UTF-8", "invalid UTF-8 in a skipped trailing field", Pub($"94 {Notes} {Size} {Sha} a2 c3 28"), LibraryAloneAccepts: true),

        // Trailing bytes.
        new("no trailing bytes", "one byte after the envelope", Pub($"93 {Notes} {Size} {Sha}", trailing: "00"), LibraryAloneAccepts: true),
        new("no trailing bytes", "a second envelope after the first", Pub($"93 {Notes} {Size} {Sha}", trailing: "96 cd 46 53 01 50 07 c0 90"), LibraryAloneAccepts: true),

        // Nesting.
        new("max nesting 16", "trailing field nested 17 deep", Pub($"94 {Notes} {Size} {Sha} {Nested(17)}"), LibraryAloneAccepts: true),
        new("max nesting 16", "trailing field nested 1000 deep", Pub($"94 {Notes} {Size} {Sha} {Nested(1000)}"), LibraryAloneAccepts: true),
        new("reserved byte", "0xc1 as a trailing field", Pub($"94 {Notes} {Size} {Sha} c1"), LibraryAloneAccepts: false),

        // Huge declared lengths (nothing large may be allocated; nothing may hang).
        new("declared lengths", "envelope array32 0xffffffff", Bytes.FromHex($"dd ff ff ff ff cd 46 53 01 30 07 {Tok} 93 {Notes} {Size} {Sha}"), LibraryAloneAccepts: false),
        new("declared lengths", "envelope array32 0x7fffffff", Bytes.FromHex($"dd 7f ff ff ff cd 46 53 01 30 07 {Tok} 93 {Notes} {Size} {Sha}"), LibraryAloneAccepts: false),
        new("declared lengths", "body array32 0xffffffff", Pub($"dd ff ff ff ff {Notes} {Size} {Sha}"), LibraryAloneAccepts: false),
        new("declared lengths", "Name str32 0xffffffff", Pub($"93 db ff ff ff ff 61 {Size} {Sha}"), LibraryAloneAccepts: false),
        new("declared lengths", "Name str32 0x7fffffff", Pub($"93 db 7f ff ff ff 61 {Size} {Sha}"), LibraryAloneAccepts: false),
        new("declared lengths", "Sha256 bin32 0xffffffff", Pub($"93 {Notes} {Size} c6 ff ff ff ff {Bytes.Hex(SampleMessages.Sha)}"), LibraryAloneAccepts: false),
        new("declared lengths", "Sha256 bin32 0x7fffffff", Pub($"93 {Notes} {Size} c6 7f ff ff ff {Bytes.Hex(SampleMessages.Sha)}"), LibraryAloneAccepts: false),
        new("declared lengths", "NameList array32 0xffffffff", Env(0x52, "92 dd ff ff ff ff a1 61 c2", token: "c0"), LibraryAloneAccepts: false),
        new("declared lengths", "NameList array16 0xffff, 3 bytes left", Env(0x52, "92 dc ff ff a1 61 c2", token: "c0"), LibraryAloneAccepts: false),
        new("declared lengths", "FileCandidates array32 0xffffffff", Env(0x53, $"92 dd ff ff ff ff {Candidate()} c2", token: "c0"), LibraryAloneAccepts: false),
        new("declared lengths", "trailing array32 0xffffffff", Pub($"94 {Notes} {Size} {Sha} dd ff ff ff ff"), LibraryAloneAccepts: true),
        new("declared lengths", "trailing array32 0x80000000 then junk", Pub($"94 {Notes} {Size} {Sha} dd 80 00 00 00 c1 c1"), LibraryAloneAccepts: true),
        new("declared lengths", "trailing map32 0xffffffff", Pub($"94 {Notes} {Size} {Sha} df ff ff ff ff"), LibraryAloneAccepts: true),
        new("declared lengths", "trailing str32 0xffffffff", Pub($"94 {Notes} {Size} {Sha} db ff ff ff ff"), LibraryAloneAccepts: false),
        new("declared lengths", "trailing ext32 0xffffffff", Pub($"94 {Notes} {Size} {Sha} c9 ff ff ff ff 01"), LibraryAloneAccepts: false),
    ];
}
