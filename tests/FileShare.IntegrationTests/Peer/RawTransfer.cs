using System.Net.Sockets;
using FileShare.Protocol.Transfer;

namespace FileShare.IntegrationTests.Peer;

/// <summary>Sends hand-made transfer requests to a file server, as an attacker would.</summary>
internal static class RawTransfer
{
    public static async Task<TransferResponse> RequestAsync(int port, TransferRequest request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(TransferFraming.EncodeRequest(request));
        return await ReadResponseAsync(stream);
    }

    public static async Task<TransferResponse> SendRawAsync(int port, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes);
        return await ReadResponseAsync(stream);
    }

    private static async Task<TransferResponse> ReadResponseAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var prefix = new byte[TransferFraming.PrefixBytes];
        await stream.ReadExactlyAsync(prefix, timeout.Token);
        var payload = new byte[TransferFraming.ReadLength(prefix)];
        await stream.ReadExactlyAsync(payload, timeout.Token);
        return TransferFraming.DecodeResponse(payload);
    }
}
