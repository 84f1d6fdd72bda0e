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
