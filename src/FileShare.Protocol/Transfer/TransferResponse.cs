namespace FileShare.Protocol.Transfer;

/// <summary>
/// The header a file server sends before any file byte. When <see cref="Status"/> is
/// <see cref="TransferStatus.Ok"/>, exactly <c>Size - offset</c> bytes of the file follow.
/// </summary>
/// <param name="Status">Whether the file follows, or why not.</param>
/// <param name="Size">The file's full size (0 on refusal).</param>
/// <param name="Sha256">The file's SHA-256 (null on refusal).</param>
/// <param name="Text">A short explanation for a refusal; empty on success.</param>
public sealed record TransferResponse(TransferStatus Status, long Size, byte[]? Sha256, string Text);
