/**
 * Builds the renderer once, then starts one Hearth host with the bundled
 * demo model and a fresh data folder; its address goes to the tests as
 * HEARTH_URL. The returned function stops it.
 */
import { buildRenderer, startHearth } from './hearth-server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  buildRenderer();
  const hearth = await startHearth();
  process.env.HEARTH_URL = hearth.url;
  return async () => {
    await hearth.stop();
  };
}
