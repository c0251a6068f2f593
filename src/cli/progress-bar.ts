import type { DownloadProgress } from '../models/download/progress-meter.ts';

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(0)} KiB`;
  return `${bytes} B`;
}

function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** One line of a terminal progress bar: `[#####.....]  52%  210.3 MiB / 400.0 MiB  35.2 MiB/s  ETA 0:05`. */
export function formatProgressBar(progress: DownloadProgress, width = 24): string {
  const { bytes, totalBytes, bytesPerSecond, etaSeconds } = progress;
  const rate = `${formatBytes(bytesPerSecond)}/s`;
  const eta = etaSeconds === null ? 'ETA --:--' : `ETA ${formatDuration(etaSeconds)}`;
  if (totalBytes === null || totalBytes === 0) return `${formatBytes(bytes)}  ${rate}`;
  const fraction = Math.min(1, bytes / totalBytes);
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `${bar} ${percent}  ${formatBytes(bytes)} / ${formatBytes(totalBytes)}  ${rate}  ${eta}`;
}
