using System.Diagnostics.Metrics;
using FileShare.Peer.Core.Transfers;

namespace FileShare.Peer.Core.Diagnostics;

/// <summary>
/// The peer's instruments on the meter <see cref="MeterName"/>
/// (<c>dotnet-counters monitor -n fileshare-peer --counters FileShare.Peer</c>): bytes moved and transfers running, by
/// direction, read from the <see cref="TransferRegistry"/> when a listener collects, and downloads whose content failed
/// its SHA-256.
/// </summary>
internal sealed class PeerMetrics
{
    /// <summary>The meter's name, for dotnet-counters and OpenTelemetry.</summary>
    public const string MeterName = "FileShare.Peer";

    private static readonly KeyValuePair<string, object?> Download = new("direction", "download");
    private static readonly KeyValuePair<string, object?> Upload = new("direction", "upload");

    private readonly Counter<long> _verificationFailures;

    public PeerMetrics(IMeterFactory meterFactory, TransferRegistry transfers)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(transfers);
        var meter = meterFactory.Create(MeterName);
        _verificationFailures = meter.CreateCounter<long>(
            "fileshare.peer.verification.failures", "{download}", "Downloads whose content did not match the published SHA-256");
        meter.CreateObservableCounter(
            "fileshare.peer.transfer.bytes",
            () => new[]
            {
                new Measurement<long>(transfers.BytesMoved(TransferDirection.Download), Download),
                new Measurement<long>(transfers.BytesMoved(TransferDirection.Upload), Upload),
            },
            "By",
            "File bytes received and sent");
        meter.CreateObservableUpDownCounter(
            "fileshare.peer.transfers.active",
            () => new[]
            {
                new Measurement<int>(transfers.Running(TransferDirection.Download), Download),
                new Measurement<int>(transfers.Running(TransferDirection.Upload), Upload),
            },
            "{transfer}",
            "Transfers running");
    }

    /// <summary>A download's content did not match its SHA-256 (it is discarded and tried elsewhere).</summary>
    public void VerificationFailed() => _verificationFailures.Add(1);
}
