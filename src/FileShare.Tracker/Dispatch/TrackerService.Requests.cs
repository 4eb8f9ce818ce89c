using System.Net;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Publications;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Dispatch;

/// <summary>The request handlers: each returns its reply and the change it wants applied once durable.</summary>
internal sealed partial class TrackerService
{
    private HandlerResult Execute(Envelope envelope, RequestInfo request, IPEndPoint remote, string user)
    {
        switch (envelope.Message)
        {
            case DiscoveryProbe:
                return new(new DiscoveryAnswer(_options.Name, ListeningPort), user);
            case AuthStartRequest start:
                return new(_authenticator.Start(start, ClientAddress(remote)), start.UserName);
            case AuthProofRequest proof:
                return FinishLogin(proof, remote);
            case RegisterStartRequest start:
                return new(_registrar.Start(start, remote), start.UserName);
            case RegisterFinishRequest finish:
                return new(_registrar.Finish(finish, remote), finish.UserName);
        }

        // Reads run side by side under the read lock, so they look a session up without removing an expired one.
        Session? session = null;
        var live = envelope.SessionToken is not null
            && (request.IsRead ? _sessions.TryGetLive(envelope.SessionToken, out session) : _sessions.TryTouch(envelope.SessionToken, out session));
        if (!live || session is null)
        {
            return new(new ErrorReply(ErrorCode.NotAuthenticated, NotAuthenticatedText), user);
        }

        return envelope.Message switch
        {
            HeartbeatRequest => new(null, session.UserName),
            LeaveRequest => Leave(session),
            PublishRequest publish => Publish(session, publish),
            UnpublishRequest unpublish => Unpublish(session, unpublish),
            ListMyFilesRequest list => new(ReplyPaging.NamePage(_index.OwnNamesAfter(session.UserName, list.After)), session.UserName),
            ListActivePeersRequest list => new(ReplyPaging.NamePage(_sessions.ActiveUsersAfter(list.After, session.UserName)), session.UserName),
            ListPeerAddressesRequest list => new(ReplyPaging.PeerPage(PeerEntries(session, list.After)), session.UserName),
            SearchRequest search => new(ReplyPaging.NamePage(_index.Search(search.Text, session.UserName, search.After, _sessions)), session.UserName),
            GetFileRequest get => new(GetFile(session, get), session.UserName),
            RenameRequest rename => Rename(session, rename),
            ChangePasswordStartRequest => new(_passwords.Start(session, ClientAddress(remote)), session.UserName),
            ChangePasswordFinishRequest change => new(_passwords.Finish(session, change, ClientAddress(remote)), session.UserName),
            _ => new(new ErrorReply(ErrorCode.UnknownMessageType, $"{envelope.Message.Type} is not a request this tracker handles"), session.UserName),
        };
    }

    private HandlerResult FinishLogin(AuthProofRequest proof, IPEndPoint remote)
    {
        var address = ClientAddress(remote);
        var outcome = _authenticator.Finish(proof, address, _sessions.IsActive);
        _metrics?.Login(outcome.Succeeded);
        var user = outcome.UserName ?? Anonymous;
        if (!outcome.Succeeded)
        {
            return new(outcome.Error!, user);
        }

        var addressText = address.ToString();
        var session = _sessions.Start(outcome.UserName!, addressText, outcome.FileServerPort, outcome.Keys!);
        LogLoggedIn(_logger, session.UserName, addressText, session.FileServerPort);
        return new(
            new AuthSuccessReply(
                outcome.ServerSignature!,
                session.Token,
                session.Keys.MaskTicketKey(session.TicketKey), // the ticket key never crosses the wire in clear
                (int)_options.HeartbeatInterval.TotalMilliseconds,
                (int)_options.SessionTimeout.TotalMilliseconds,
                addressText),
            user,
            NewSession: session);
    }

    private HandlerResult Leave(Session session)
    {
        _sessions.End(session);
        LogLeft(_logger, session.UserName);
        return new(new OkReply(), session.UserName);
    }

    private HandlerResult Publish(Session session, PublishRequest request)
    {
        if (NameRules.CheckFileName(request.Name) is { } error)
        {
            return new(new ErrorReply(ErrorCode.InvalidName, error), session.UserName);
        }

        if (_index.IsUnchanged(session.UserName, request.Name, request.Size, request.Sha256))
        {
            return new(new OkReply(), session.UserName);
        }

        var publication = new Publication(session.UserName, request.Name, request.Size, request.Sha256);
        _journal.AppendPublish(publication); // durable before it is visible or acknowledged: applied at commit
        return new(new OkReply(), session.UserName, () => _index.Publish(publication));
    }

    private HandlerResult Unpublish(Session session, UnpublishRequest request)
    {
        if (NameRules.CheckFileName(request.Name) is { } error)
        {
            return new(new ErrorReply(ErrorCode.InvalidName, error), session.UserName);
        }

        if (!_index.TryGet(session.UserName, request.Name, out _))
        {
            return new(new ErrorReply(ErrorCode.NotPublished, Clip($"You have not published '{request.Name}'")), session.UserName);
        }

        _journal.AppendUnpublish(session.UserName, request.Name);
        return new(new OkReply(), session.UserName, () => _index.Unpublish(session.UserName, request.Name));
    }

    private HandlerResult Rename(Session session, RenameRequest request)
    {
        var user = session.UserName;
        if (NameRules.CheckFileName(request.OldName) is { } oldError)
        {
            return new(new ErrorReply(ErrorCode.InvalidName, oldError), user);
        }

        if (NameRules.CheckFileName(request.NewName) is { } newError)
        {
            return new(new ErrorReply(ErrorCode.InvalidName, newError), user);
        }

        if (!_index.TryGet(user, request.OldName, out _))
        {
            return new(new ErrorReply(ErrorCode.NotPublished, Clip($"You have not published '{request.OldName}'")), user);
        }

        if (_index.TryGet(user, request.NewName, out _))
        {
            return new(new ErrorReply(ErrorCode.AlreadyExists, Clip($"You already publish '{request.NewName}'")), user);
        }

        _journal.AppendRename(user, request.OldName, request.NewName); // durable before it is visible or acknowledged
        return new(new OkReply(), user, () =>
        {
            _index.Rename(user, request.OldName, request.NewName);
            LogRenamed(_logger, user, request.OldName, request.NewName);
        });
    }

    private Message GetFile(Session requester, GetFileRequest request)
    {
        if (NameRules.CheckFileName(request.Name) is { } error)
        {
            return new ErrorReply(ErrorCode.InvalidName, error);
        }

        var expires = _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)_options.TicketLifetime.TotalMilliseconds;
        var page = ReplyPaging.CandidatePage(Candidates(requester, request, expires));
        if (page.Candidates.Count == 0 && request.After is null)
        {
            return new ErrorReply(ErrorCode.NotFound, "File not found");
        }

        return page;
    }

    private IEnumerable<FileCandidate> Candidates(Session requester, GetFileRequest request, long expires)
    {
        foreach (var publication in _index.ActivePublishersAfter(request.Name, requester.UserName, request.After, _sessions))
        {
            if (!_sessions.TryGetActive(publication.Owner, out var publisher) || AddressFor(publisher, requester) is not { } address)
            {
                continue;
            }

            var ticket = DownloadTicket.Compute(publisher.TicketKey, requester.UserName, publication.Name, publication.Sha256, expires);
            yield return new FileCandidate(
                publication.Owner, address, publisher.FileServerPort, publication.Size, publication.Sha256, expires, ticket);
        }
    }

    private IEnumerable<PeerEntry> PeerEntries(Session requester, string? after)
    {
        foreach (var user in _sessions.ActiveUsersAfter(after, requester.UserName))
        {
            if (_sessions.TryGetActive(user, out var peer) && AddressFor(peer, requester) is { } address)
            {
                yield return new PeerEntry(user, address, peer.FileServerPort);
            }
        }
    }

    /// <summary>
    /// The address to hand <paramref name="requester"/> for <paramref name="peer"/>: the one the tracker saw, except
    /// that a loopback address (a peer on the tracker's own host) is never handed to another host; that host gets
    /// this host's address facing it instead, or nothing when there is none.
    /// </summary>
    private string? AddressFor(Session peer, Session requester)
    {
        if (!peer.IsLoopback || requester.ParsedAddress is not { } requesterAddress || requester.IsLoopback)
        {
            return peer.Address;
        }

        return _localAddresses.Facing(requesterAddress)?.ToString();
    }
}
