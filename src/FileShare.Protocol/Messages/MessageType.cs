namespace FileShare.Protocol.Messages;

/// <summary>Type ids of the control messages. Values are part of the wire format (see docs/PROTOCOL.md).</summary>
public enum MessageType : byte
{
    /// <summary>Broadcast probe looking for a tracker.</summary>
    DiscoveryProbe = 0x01,

    /// <summary>A tracker answering a probe.</summary>
    DiscoveryAnswer = 0x02,

    /// <summary>SCRAM client-first: user name, client nonce, file server port.</summary>
    AuthStart = 0x10,

    /// <summary>SCRAM server-first: combined nonce, salt, iterations.</summary>
    AuthChallenge = 0x11,

    /// <summary>SCRAM client-final: combined nonce and client proof.</summary>
    AuthProof = 0x12,

    /// <summary>SCRAM server-final: server signature, session token, ticket key, timing.</summary>
    AuthSuccess = 0x13,

    /// <summary>Presence heartbeat (no reply unless the session is unknown).</summary>
    Heartbeat = 0x20,

    /// <summary>Log out: the session ends at once.</summary>
    Leave = 0x21,

    /// <summary>Publish a file (name, size, SHA-256).</summary>
    Publish = 0x30,

    /// <summary>Withdraw a publication.</summary>
    Unpublish = 0x31,

    /// <summary>List my publications (paged).</summary>
    ListMyFiles = 0x32,

    /// <summary>List active peers other than me (paged).</summary>
    ListActivePeers = 0x33,

    /// <summary>Search names published by other active peers (paged).</summary>
    Search = 0x34,

    /// <summary>Ask for the publishers of a file, with download tickets (paged).</summary>
    GetFile = 0x35,

    /// <summary>Rename one of my publications.</summary>
    Rename = 0x36,

    /// <summary>List active peers other than me with their addresses (paged).</summary>
    ListPeerAddresses = 0x37,

    /// <summary>Ask to register a new account.</summary>
    RegisterStart = 0x40,

    /// <summary>Salt and iterations for a new account.</summary>
    RegisterChallenge = 0x41,

    /// <summary>The derived keys of the new account.</summary>
    RegisterFinish = 0x42,

    /// <summary>Ask to change my password.</summary>
    ChangePasswordStart = 0x43,

    /// <summary>Nonce and new salt for a password change.</summary>
    ChangePasswordChallenge = 0x44,

    /// <summary>Proof of the old password and the new derived keys.</summary>
    ChangePasswordFinish = 0x45,

    /// <summary>Generic success reply.</summary>
    Ok = 0x50,

    /// <summary>Generic failure reply with a code and a message.</summary>
    Error = 0x51,

    /// <summary>A page of names (files or users).</summary>
    NameList = 0x52,

    /// <summary>A page of download candidates.</summary>
    FileCandidates = 0x53,

    /// <summary>A page of active peers with addresses.</summary>
    PeerList = 0x54,
}
