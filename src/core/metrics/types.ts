/** What the metrics module computes: shapes shared by call, send and call-test reports. */
export interface RttSummary {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
  samples: number;
}

export interface VideoDirectionMetrics {
  /** Frames decoded per second over the measurement window. */
  fps: number | null;
  framesDecoded: number;
  width: number | null;
  height: number | null;
  /** Received bitrate over the window. */
  bitrateKbps: number | null;
  packetsLost: number;
  jitterMs: number | null;
  freezes: number;
  codec: string | null;
}

/** One direction of audio over the measurement window (null in a report when the call carried no audio). */
export interface AudioDirectionMetrics {
  /** Received bitrate over the window. */
  bitrateKbps: number | null;
  /** Packets received over the window. */
  packetsReceived: number;
  packetsLost: number;
  /** The largest jitter seen in the window. */
  jitterMs: number | null;
  /** Root-mean-square level over the window, 0..1 (from totalAudioEnergy / totalSamplesDuration); null without samples. */
  audioLevel: number | null;
  /** Samples the receiver made up because audio was missing (loss, late packets), over the window. */
  concealedSamples: number;
  concealmentEvents: number;
  /** concealedSamples as a share of the samples received over the window, in %. */
  concealedPercent: number | null;
  codec: string | null;
}
