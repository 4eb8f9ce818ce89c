namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>What a decoder made of one datagram, as a comparable string: the re-encoding, or the refusal's code and id.</summary>
internal static class Verdict
{
    public static string Of(Func<byte[]> decodeAndReencode)
    {
        try
        {
            return "accepted " + Bytes.Hex(decodeAndReencode());
        }
        catch (ProtocolException ex)
        {
            return $"rejected {ex.Code} id={ex.RequestId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
        }
        catch (Exception ex)
        {
            return $"LEAKED {ex.GetType().Name}: {ex.Message}";
        }
    }
}
