namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// The router's shaping as tc was last told, read from the <see cref="Shaper"/> that applied it: a cap set by
/// configuration (Lab:DownstreamMbps, ...) and one set by a step are the same thing here.
/// </summary>
/// <param name="DownstreamMbps">The shared downstream cap in Mbit/s of frames; null when unshaped.</param>
/// <param name="PerClientMbps">Each client's own cap, when every client has the same one; null otherwise.</param>
/// <param name="QueuePackets">The downstream leaf queues' length in full frames; null at the default.</param>
/// <param name="Impairment">netem's delay, jitter and loss on the downstream; null when none.</param>
public sealed record LabShaping(double? DownstreamMbps, double? PerClientMbps, int? QueuePackets, Impairment? Impairment)
{
    public static readonly LabShaping None = new(null, null, null, null);

    /// <summary>
    /// The router's upstream cap in Mbit/s of frames: its egress toward the server (the WAN side), where an upload's
    /// queue builds; null when unshaped.
    /// </summary>
    public double? UpstreamMbps { get; init; }

    /// <summary>The upstream leaf queues' length in full frames; null at the default.</summary>
    public int? UpstreamQueuePackets { get; init; }

    /// <summary>True when pure TCP ACKs are sent ahead of the upstream queues (see Shaper.SetUpstreamAckPriorityAsync).</summary>
    public bool UpstreamAckPriority { get; init; }
}
