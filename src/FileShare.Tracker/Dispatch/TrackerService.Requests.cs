using System.Buffers;
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
    // One page per worker thread for the read replies, reused so that reads allocate nothing.
    [ThreadStatic]
    private static ReadPages? t_pages;

    private HandlerResult Execute(Envelope envelope, RequestInfo request, IPEndPoint remote, string user, ReplyTo to, ArrayBufferWriter<byte> output)
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
            ListMyFilesRequest list => ListMyFiles(session, list, to, output),
            ListActivePeersRequest list => ListActivePeers(session, list, to, output),
            ListPeerAddressesRequest list => ListPeerAddresses(session, list, to, output),
            SearchRequest search => Search(session, search, to, output),
            GetFileRequest get => GetFile(session, get, to, output),
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

    private HandlerResult ListMyFiles(Session session, ListMyFilesRequest request, ReplyTo to, ArrayBufferWriter<byte> output)
    {
        var pages = Pages();
        var more = _index.OwnNamesAfter(session.UserName, request.After, pages.Names());
        return WritePage(output, to, MessageType.NameList, pages, more, session);
    }

    private HandlerResult ListActivePeers(Session session, ListActivePeersRequest request, ReplyTo to, ArrayBufferWriter<byte> output)
    {
        var pages = Pages();
        var more = _sessions.ActiveSessionsAfter(request.After, session.UserName, pages.Names());
        return WritePage(output, to, MessageType.NameList, pages, more, session);
    }

    private HandlerResult ListPeerAddresses(Session session, ListPeerAddressesRequest request, ReplyTo to, ArrayBufferWriter<byte> output)
    {
        var pages = Pages();
        var more = _sessions.ActiveSessionsAfter(request.After, session.UserName, pages.Peers(session));
        return WritePage(output, to, MessageType.PeerList, pages, more, session);
    }

    private HandlerResult Search(Session session, SearchRequest request, ReplyTo to, ArrayBufferWriter<byte> output)
    {
        var pages = Pages();
        var more = _index.Search(request.Text, session.UserName, request.After, _sessions, pages.Names());
        return WritePage(output, to, MessageType.NameList, pages, more, session);
    }

    private HandlerResult GetFile(Session requester, GetFileRequest request, ReplyTo to, ArrayBufferWriter<byte> output)
    {
        if (NameRules.CheckFileName(request.Name) is { } error)
        {
            return new(new ErrorReply(ErrorCode.InvalidName, error), requester.UserName);
        }

        var expires = _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)_options.TicketLifetime.TotalMilliseconds;
        var pages = Pages();
        var more = _index.ActivePublishersAfter(request.Name, requester.UserName, request.After, _sessions, pages.Candidates(requester, expires));
        if (pages.Page.Count == 0 && request.After is null)
        {
            return new(new ErrorReply(ErrorCode.NotFound, "File not found"), requester.UserName);
        }

        return WritePage(output, to, MessageType.FileCandidates, pages, more, requester);
    }

    private static HandlerResult WritePage(ArrayBufferWriter<byte> output, ReplyTo to, MessageType type, ReadPages pages, bool more, Session session)
    {
        ReplyDatagram.Write(output, to, new PageReplyBody(type, pages.Page, more));
        return HandlerResult.Written(session.UserName);
    }

    private ReadPages Pages()
    {
        var pages = t_pages;
        if (pages is null || !pages.BelongTo(_sessions, _localAddresses))
        {
            t_pages = pages = new ReadPages(_sessions, _localAddresses);
        }

        return pages;
    }
}
