/**
 * A QR code drawn as an inline SVG: dark runs on a white square with the
 * quiet zone around them. Black on white whatever the theme, since that is
 * what scanners read best; colours are SVG attributes, which the page's
 * CSP allows (it refuses inline style blocks).
 */
import { useMemo } from 'react';
import { qrMatrix, qrRuns, quietZoneModules } from './qr-matrix.ts';

export function QrCode({ text, label, testId }: { text: string; label: string; testId: string }) {
  const { size, runs } = useMemo(() => {
    const matrix = qrMatrix(text);
    return { size: matrix.length, runs: qrRuns(matrix) };
  }, [text]);
  const side = size + 2 * quietZoneModules;
  return (
    <svg
      className="qr-code" role="img" aria-label={label} data-testid={testId}
      viewBox={`${-quietZoneModules} ${-quietZoneModules} ${side} ${side}`} shapeRendering="crispEdges"
    >
      <rect x={-quietZoneModules} y={-quietZoneModules} width={side} height={side} fill="#ffffff" />
      {runs.map((run) => (
        <rect key={`${run.y}:${run.x}`} x={run.x} y={run.y} width={run.width} height={1} fill="#000000" />
      ))}
    </svg>
  );
}
