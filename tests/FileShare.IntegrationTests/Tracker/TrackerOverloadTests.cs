using FileShare.IntegrationTests.Infrastructure;
using FileShare.Protocol.Messages;

namespace FileShare.IntegrationTests.Tracker;

/// <summary>The real tracker past its capacity: a request queue of one, flooded over UDP.</summary>
public sealed class TrackerOverloadTests : IAsyncLifetime
{
    private const int Flood = 2_000;
    private TrackerProcess _tracker = null!;

    public async Task InitializeAsync() =>
        _tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = new Dictionary<string, string> { ["hans"] = "falcon*solo", ["maria"] = "wise@!man" },
            Environment = new Dictionary<string, string>
            {
                ["FILESHARE_Tracker__RequestQueueCapacity"] = "1",
                ["FILESHARE_Tracker__BusyRetryAfter"] = "00:00:00.150",
                ["FILESHARE_Tracker__SessionTimeout"] = "00:00:02",
            },
        });

    public async Task DisposeAsync() => await _tracker.DisposeAsync();

    [Fact]
    public async Task RequestsBeyondTheQueueAreAnsweredBusyWithARetryHintAndServedOnceTheLoadFalls()
    {
        await using var flooder = new UdpTestClient(_tracker.EndPoint);
        await flooder.LoginAsync("hans", "falcon*solo");
        for (var i = 0; i < Flood; i++)
        {
            await flooder.SendRawAsync(flooder.Datagram(new Envelope(flooder.NextRequestId(), flooder.SessionToken, new SearchRequest("report", null))));
        }

        var busy = await FirstBusyAsync(flooder);
        Assert.NotNull(busy);
        Assert.Equal(150, busy.RetryAfterMs);

        // The flood is over: the same kind of request is served again (a Busy answer still in flight is sent again).
        Assert.IsType<NameListReply>(await RequestPastBusyAsync(flooder, new SearchRequest("report", null)));
        await _tracker.WaitForOutputAsync(line => line.Contains("answered Busy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HeartbeatsKeepASessionAliveThroughAFloodOfRequests()
    {
        await using var flooder = new UdpTestClient(_tracker.EndPoint);
        await using var quiet = new UdpTestClient(_tracker.EndPoint);
        await flooder.LoginAsync("hans", "falcon*solo");
        await quiet.LoginAsync("maria", "wise@!man");

        // Three rounds of flood, each followed by one heartbeat of maria's, span more than her 2 s timeout.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < Flood; i++)
            {
                await flooder.SendRawAsync(flooder.Datagram(new Envelope(flooder.NextRequestId(), flooder.SessionToken, new ListMyFilesRequest(null))));
            }

            await quiet.PostAsync(new HeartbeatRequest());
            await Task.Delay(TimeSpan.FromMilliseconds(900)); // the heartbeat interval the protocol asks of a peer
        }

        var peers = await RequestPastBusyAsync(flooder, new ListActivePeersRequest(null));
        Assert.Contains("maria", Assert.IsType<NameListReply>(peers).Names);
    }

    private static async Task<Message> RequestPastBusyAsync(UdpTestClient client, Message request)
    {
        for (var attempt = 0; ; attempt++)
        {
            var reply = await client.RequestAsync(request);
            if (reply is not ErrorReply { Code: ErrorCode.Busy } busy || attempt == 20)
            {
                return reply;
            }

            // As the protocol asks of a client (section 14): wait the hint before sending again.
            await Task.Delay(TimeSpan.FromMilliseconds(busy.RetryAfterMs));
        }
    }

    private static async Task<ErrorReply?> FirstBusyAsync(UdpTestClient client)
    {
        while (await client.ReceiveUnmatchedAsync(TimeSpan.FromSeconds(10)) is { } envelope)
        {
            if (envelope.Message is ErrorReply { Code: ErrorCode.Busy } busy)
            {
                return busy;
            }
        }

        return null;
    }
}
