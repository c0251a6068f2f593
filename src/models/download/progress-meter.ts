/** What a progress bar shows while a model downloads. */
export interface DownloadProgress {
  bytes: number;
  /** Null while the server has not said how big the file is. */
  totalBytes: number | null;
  bytesPerSecond: number;
  /** Null until there is a rate to estimate from. */
  etaSeconds: number | null;
}

/** The rate is measured over this much recent time, so it follows the connection without jumping about. */
const rateWindowMs = 3000;

/**
 * Turns a stream of byte counts into progress events at most once per
 * `intervalMs` (a UI redraws on each; thousands per second would be waste).
 */
export function createProgressMeter(onProgress: (progress: DownloadProgress) => void, intervalMs: number, now = () => performance.now()) {
  const samples: { at: number; bytes: number }[] = [];
  let lastEmit = -Infinity;
  let totalBytes: number | null = null;

  const progress = (bytes: number): DownloadProgress => {
    const at = now();
    samples.push({ at, bytes });
    while (samples.length > 2 && at - samples[0]!.at > rateWindowMs) samples.shift();
    const first = samples[0]!;
    const seconds = (at - first.at) / 1000;
    const bytesPerSecond = seconds > 0 ? (bytes - first.bytes) / seconds : 0;
    const etaSeconds = totalBytes !== null && bytesPerSecond > 0 ? Math.max(0, (totalBytes - bytes) / bytesPerSecond) : null;
    return { bytes, totalBytes, bytesPerSecond, etaSeconds };
  };

  return {
    setTotal(total: number | null): void {
      totalBytes = total;
    },
    /** A new byte count; emits only when the interval has passed. */
    update(bytes: number): void {
      const at = now();
      if (at - lastEmit < intervalMs) {
        samples.push({ at, bytes });
        return;
      }
      lastEmit = at;
      onProgress(progress(bytes));
    },
    /** The final count, always emitted. */
    finish(bytes: number): void {
      lastEmit = now();
      onProgress(progress(bytes));
    },
  };
}
