import { describe, expect, it } from 'vitest';
import { parseProviderOptions } from '../../src/cli/provider-options.ts';

const key = `0x${'11'.repeat(32)}`;
const env = { HEARTH_PROVIDER_KEY: key, HEARTH_CHAIN_CONFIG: '/tmp/dev-chain.json' };

describe('npm run provider options', () => {
  it('serves on 127.0.0.1 with one thread by default, the key from the environment', () => {
    expect(parseProviderOptions([], env)).toMatchObject({
      command: 'serve', privateKey: key, chainConfigPath: '/tmp/dev-chain.json', host: '127.0.0.1', port: 0, threads: 1,
    });
  });

  it('leaves the price to the marketplace’s minimum, read from the chain at start, unless one is given', () => {
    expect(parseProviderOptions([], env).pricePerSecond).toBeUndefined();
  });

  it('without a key or chain flag it uses the dev chain file in the data folder and leaves the key to the dev account', () => {
    const options = parseProviderOptions([], { HEARTH_DATA_DIR: '/data/hearth' });
    expect(options.chainConfigPath).toBe('/data/hearth/dev-chain.json');
    expect(options.privateKey).toBeUndefined();
  });

  it('flags win over the environment', () => {
    const options = parseProviderOptions(['--port', '4100', '--price-per-second', '5', '--chain-config', '/x.json'], { ...env, HEARTH_PROVIDER_PORT: '9' });
    expect(options).toMatchObject({ port: 4100, pricePerSecond: 5n, chainConfigPath: '/x.json' });
  });

  it('claim takes session ids', () => {
    const session = `0x${'ab'.repeat(32)}`;
    expect(parseProviderOptions(['claim', session], env)).toMatchObject({ command: 'claim', sessions: [session] });
    expect(() => parseProviderOptions(['claim', '0x12'], env)).toThrow(/not a session id/);
  });

  it('says what is wrong in one sentence', () => {
    expect(() => parseProviderOptions([], { ...env, HEARTH_PROVIDER_KEY: '0x12' })).toThrow(/provider key is not 0x and 64 hex digits/);
    expect(() => parseProviderOptions(['--price-per-second', '1.5'], env)).toThrow(/whole number of wei/);
    expect(() => parseProviderOptions(['--key', key], env)).toThrow(/Unknown option/);
  });
});
