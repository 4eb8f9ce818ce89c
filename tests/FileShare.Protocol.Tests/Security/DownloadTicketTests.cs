using FileShare.Protocol.Security;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.Security;

/// <summary>Download tickets: issued by the tracker, checked by the publisher.</summary>
public sealed class DownloadTicketTests
{
    private static readonly byte[] TicketKey = Bytes.Pattern(ProtocolLimits.TicketKeyBytes, seed: 11);
    private static readonly byte[] Sha = Bytes.Pattern(ProtocolLimits.Sha256Bytes, seed: 12);
    private const long Expires = 1_767_225_600_000L;

    private static byte[] Issue() => DownloadTicket.Compute(TicketKey, "bob", "holiday.zip", Sha, Expires);

    [Fact]
    public void TicketIsAnHmacSha256OfTheCanonicalArray()
    {
        var ticket = Issue();
        Assert.Equal(ProtocolLimits.TicketKeyBytes, ticket.Length);
        Assert.Equal(ticket, Issue());

        var canonical = Bytes.Write(w =>
        {
            w.WriteArrayHeader(4);
            w.Write("bob");
            w.Write("holiday.zip");
            w.WriteBinary(Sha);
            w.Write(Expires);
        });
        Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(TicketKey, canonical), ticket);
    }

    [Fact]
    public void ValidTicketIsAcceptedUntilAndIncludingItsExpiry()
    {
        var ticket = Issue();
        Assert.True(DownloadTicket.Verify(TicketKey, "bob", "holiday.zip", Sha, Expires, ticket, Expires - 60_000));
        Assert.True(DownloadTicket.Verify(TicketKey, "bob", "holiday.zip", Sha, Expires, ticket, Expires));
    }

    [Fact]
    public void ExpiredTicketIsRefused()
    {
        Assert.False(DownloadTicket.Verify(TicketKey, "bob", "holiday.zip", Sha, Expires, Issue(), Expires + 1));
    }

    [Fact]
    public void TicketForAnythingElseIsRefused()
    {
        var ticket = Issue();
        var otherSha = (byte[])Sha.Clone();
        otherSha[^1] ^= 0x80;
        var now = Expires - 1;
        Assert.False(DownloadTicket.Verify(TicketKey, "mallory", "holiday.zip", Sha, Expires, ticket, now));
        Assert.False(DownloadTicket.Verify(TicketKey, "bob", "other.zip", Sha, Expires, ticket, now));
        Assert.False(DownloadTicket.Verify(TicketKey, "bob", "holiday.zip", otherSha, Expires, ticket, now));
        Assert.False(DownloadTicket.Verify(TicketKey, "bob", "holiday.zip", Sha, Expires + 3_600_000, ticket, now));
        Assert.False(DownloadTicket.Verify(Bytes.Pattern(32, seed: 99), "bob", "holiday.zip", Sha, Expires, ticket, now));
    }

    [Fact]
    public void TamperedTicketIsRefused()
    {
        var ticket = Issue();
        for (var i = 0; i < ticket.Length; i++)
        {
            var tampered = (byte[])ticket.Clone();
            tampered[i] ^= 0x01;
            Assert.False(DownloadTicket.Verify(TicketKey, "bob", "holiday.zip", Sha, Expires, tampered, Expires - 1));
        }

        Assert.False(DownloadTicket.Verify(TicketKey, "bob", "holiday.zip", Sha, Expires, ticket.AsSpan(0, 31), Expires - 1));
        Assert.False(DownloadTicket.Verify(TicketKey, "bob", "holiday.zip", Sha, Expires, ReadOnlySpan<byte>.Empty, Expires - 1));
    }

    [Fact]
    public void FieldBoundariesCannotBeShiftedBetweenRequesterAndFileName()
    {
        // "bo" + "bholiday.zip" must not collide with "bob" + "holiday.zip": the encoding carries lengths.
        Assert.NotEqual(Issue(), DownloadTicket.Compute(TicketKey, "bo", "bholiday.zip", Sha, Expires));
    }
}
