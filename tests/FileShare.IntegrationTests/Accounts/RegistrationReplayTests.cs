using FileShare.IntegrationTests.Infrastructure;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.IntegrationTests.Accounts;

/// <summary>A registration captured on the wire and replayed later must not create or change anything.</summary>
public sealed class RegistrationReplayTests
{
    [Fact]
    public async Task AReplayedRegisterFinishFromAnotherClientChangesNothing()
    {
        await using var tracker = await AccountTracker.StartAsync();
        Envelope captured;
        await using (var victim = new UdpTestClient(tracker.EndPoint))
        {
            var challenge = await victim.RequestAsync<RegisterChallengeReply>(new RegisterStartRequest("newbie"));
            var keys = ScramSha256.DeriveKeys("s3cret", challenge.Salt, challenge.Iterations);
            captured = new Envelope(victim.NextRequestId(), null, new RegisterFinishRequest("newbie", challenge.Salt, keys.StoredKey, keys.ServerKey));
            Assert.IsType<OkReply>((await victim.SendAsync(captured)).Message);
        }

        var afterRegistration = await File.ReadAllBytesAsync(tracker.CredentialsPath);
        await using var attacker = new UdpTestClient(tracker.EndPoint);

        // The same bytes (same request id) from another endpoint, then with the attacker's own keys.
        var replay = Assert.IsType<ErrorReply>((await attacker.SendAsync(captured)).Message);
        var forged = ScramSha256.DeriveKeys("attacker", ((RegisterFinishRequest)captured.Message).Salt, 4096);
        var hijack = Assert.IsType<ErrorReply>(await attacker.RequestAsync(
            (RegisterFinishRequest)captured.Message with { StoredKey = forged.StoredKey, ServerKey = forged.ServerKey }));

        Assert.Equal(ErrorCode.AlreadyExists, replay.Code);
        Assert.Equal(ErrorCode.AlreadyExists, hijack.Code);
        Assert.Equal(afterRegistration, await File.ReadAllBytesAsync(tracker.CredentialsPath));
        await using var check = new UdpTestClient(tracker.EndPoint);
        Assert.IsType<ErrorReply>(await check.TryLoginAsync("newbie", "attacker"));
        await check.LoginAsync("newbie", "s3cret");
    }

    [Fact]
    public async Task AReplayedRegistrationOfARemovedAccountDoesNotRecreateIt()
    {
        await using var tracker = await AccountTracker.StartAsync();
        Envelope captured;
        await using (var victim = new UdpTestClient(tracker.EndPoint))
        {
            var challenge = await victim.RequestAsync<RegisterChallengeReply>(new RegisterStartRequest("newbie"));
            var keys = ScramSha256.DeriveKeys("s3cret", challenge.Salt, challenge.Iterations);
            captured = new Envelope(victim.NextRequestId(), null, new RegisterFinishRequest("newbie", challenge.Salt, keys.StoredKey, keys.ServerKey));
            Assert.IsType<OkReply>((await victim.SendAsync(captured)).Message);
        }

        // The administrator removes the account (by hand here); the tracker picks the change up.
        await File.WriteAllTextAsync(tracker.CredentialsPath, AccountTracker.Credentials);
        await tracker.WaitForOutputAsync(l => l.Contains("reloaded 2 users", StringComparison.Ordinal));
        await using var attacker = new UdpTestClient(tracker.EndPoint);

        var replay = Assert.IsType<ErrorReply>((await attacker.SendAsync(captured)).Message);

        Assert.Equal(ErrorCode.AuthenticationFailed, replay.Code);
        Assert.Equal(AccountTracker.Credentials, await File.ReadAllTextAsync(tracker.CredentialsPath));
    }
}
