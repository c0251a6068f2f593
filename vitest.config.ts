import { defineConfig } from 'vitest/config';

// Model tests run one file at a time: llama.cpp threads on a shared 2-core
// machine stall each other (see ../shared/docs/environment.md).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
