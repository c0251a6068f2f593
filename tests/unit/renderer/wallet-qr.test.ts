/**
 * The QR codes the window draws itself: each one, drawn to pixels the way
 * the SVG draws it (dark runs, 4 pixels a module, the quiet zone around),
 * reads back with a QR decoder as exactly the text it was made from.
 */
import jsqrModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrMatrix, qrRuns, quietZoneModules } from '../../../renderer/src/wallet/qr-matrix.ts';

// jsqr is CommonJS with an ES default export; Node hands over the whole module object.
const jsQR = (jsqrModule as unknown as { default?: typeof jsqrModule.default }).default ?? (jsqrModule as unknown as typeof jsqrModule.default);

const pixelsPerModule = 4;

/** Greyscale RGBA pixels of a code: white background and quiet zone, each run of dark modules black. */
function draw(matrix: boolean[][]): { data: Uint8ClampedArray; side: number } {
  const side = (matrix.length + 2 * quietZoneModules) * pixelsPerModule;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const run of qrRuns(matrix)) {
    const top = (run.y + quietZoneModules) * pixelsPerModule;
    const left = (run.x + quietZoneModules) * pixelsPerModule;
    for (let y = top; y < top + pixelsPerModule; y++) {
      for (let x = left; x < left + run.width * pixelsPerModule; x++) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return { data, side };
}

const walletConnectUri =
  'wc:7f6e504bfad60b485450578e05678ed3e8e8c4751d3c6160be17160d63ec90f9@2?relay-protocol=irn&symKey=587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303&expiryTimestamp=1764952800';

const texts = [
  walletConnectUri,
  `${walletConnectUri}&methods=wc_sessionPropose`,
  'wc:a1@2?relay-protocol=irn&symKey=00',
  'https://127.0.0.1:8377/',
  'Hearth',
  `wc:${'ab'.repeat(32)}@2?relay-protocol=irn&symKey=${'cd'.repeat(32)}&${'x'.repeat(300)}`,
];

describe('QR codes drawn by the window', () => {
  it.each(texts)('reads back exactly: %s', (text) => {
    const { data, side } = draw(qrMatrix(text));
    const read = jsQR(data, side, side);
    expect(read?.data).toBe(text);
  });

  it('makes square matrices of a QR size (21, 25, … modules)', () => {
    const matrix = qrMatrix(walletConnectUri);
    expect(matrix.every((row) => row.length === matrix.length)).toBe(true);
    expect((matrix.length - 17) % 4).toBe(0);
    // The three finder patterns' corners are dark.
    expect([matrix[0]![0], matrix[0]![matrix.length - 1], matrix[matrix.length - 1]![0]]).toEqual([true, true, true]);
  });

  it('covers every dark module with runs, and nothing else', () => {
    const matrix = qrMatrix(walletConnectUri);
    const covered = matrix.map((row) => row.map(() => false));
    for (const run of qrRuns(matrix)) {
      for (let x = run.x; x < run.x + run.width; x++) {
        expect(covered[run.y]![x]).toBe(false);
        covered[run.y]![x] = true;
      }
    }
    expect(covered).toEqual(matrix);
  });

  it('merges neighbouring dark modules into one run, including one that reaches the edge', () => {
    expect(qrRuns([[true, true, false, true], [false, false, false, false], [false, true, true, true]])).toEqual([
      { x: 0, y: 0, width: 2 },
      { x: 3, y: 0, width: 1 },
      { x: 1, y: 2, width: 3 },
    ]);
  });
});
