import { afterEach } from 'vitest';
import { createCore, type Core, type CoreConfig } from '../../src/core/core.ts';
import { demoModelPath } from './models.ts';
import { cheapKdfCost } from './vault.ts';

/**
 * Cores on the demo model with a cheap scrypt cost, each closed after its
 * test; `stop` closes one early (a restart is a stop and a new start).
 */
export function useTestCores(defaults: Partial<CoreConfig> = {}) {
  const cores: Core[] = [];
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((core) => core.close()));
  });
  return {
    async start(dataDir: string, config: Partial<CoreConfig> = defaults): Promise<Core> {
      const core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, kdfCost: cheapKdfCost, ...config });
      cores.push(core);
      return core;
    },
    async stop(core: Core): Promise<void> {
      cores.splice(cores.indexOf(core), 1);
      await core.close();
    },
  };
}
