/**
 * QR codes as the window draws them itself: the grid of modules (true for
 * dark) that `qrcode` computes, and the dark runs of each row, so that a
 * code is a few hundred SVG rectangles rather than one per module.
 */
import { create } from 'qrcode';

/** The light margin a scanner needs around a code, in modules (the QR standard's minimum). */
export const quietZoneModules = 4;

/** A horizontal run of dark modules: row `y`, columns `x` to `x + width - 1`. */
export interface QrRun {
  x: number;
  y: number;
  width: number;
}

/**
 * The modules of `text`'s QR code, row by row. Level M corrects 15% of
 * damage, which phone cameras reading a screen need, and keeps a
 * WalletConnect link's code small enough to scan from across a desk.
 */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, column) => data[row * size + column] !== 0));
}

export function qrRuns(matrix: readonly (readonly boolean[])[]): QrRun[] {
  const runs: QrRun[] = [];
  matrix.forEach((row, y) => {
    let start = -1;
    row.forEach((dark, x) => {
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        runs.push({ x: start, y, width: x - start });
        start = -1;
      }
    });
    if (start >= 0) runs.push({ x: start, y, width: row.length - start });
  });
  return runs;
}
