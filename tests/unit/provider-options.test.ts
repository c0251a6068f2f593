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

  it('registers where it listens, checked for reach at start, writes at most 4096 tokens a prompt, two replies at once, and is not behind a tunnel by default', () => {
    const options = parseProviderOptions([], env);
    expect(options).toMatchObject({ behindTunnel: false, maxTokensPerPrompt: 4096, parallelReplies: 2 });
    expect(options.endpoint).toBeUndefined();
  });

  it('takes the endpoint, the tunnel and the token bound from flags, or the tunnel and the bound from the environment', () => {
    expect(parseProviderOptions(['--host', '0.0.0.0', '--endpoint', 'provider.example.com:3333', '--behind-tunnel', '--max-tokens-per-prompt', '512'], env)).toMatchObject({
      host: '0.0.0.0', endpoint: 'provider.example.com:3333', behindTunnel: true, maxTokensPerPrompt: 512,
    });
    expect(parseProviderOptions([], { ...env, HEARTH_PROVIDER_BEHIND_TUNNEL: '1', HEARTH_PROVIDER_MAX_TOKENS: '1' })).toMatchObject({ behindTunnel: true, maxTokensPerPrompt: 1 });
    expect(parseProviderOptions([], { ...env, HEARTH_PROVIDER_BEHIND_TUNNEL: '0' }).behindTunnel).toBe(false);
  });

  it('writes as many replies at once as asked, at least one', () => {
    expect(parseProviderOptions(['--parallel-replies', '4'], env).parallelReplies).toBe(4);
    expect(parseProviderOptions([], { ...env, HEARTH_PROVIDER_PARALLEL_REPLIES: '1' }).parallelReplies).toBe(1);
    expect(() => parseProviderOptions(['--parallel-replies', '0'], env)).toThrow(/parallel replies must be a whole number of at least 1/);
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
    const options = parseProviderOptions(
      ['--port', '4100', '--price-per-second', '5', '--chain-config', '/x.json', '--max-tokens-per-prompt', '256', '--behind-tunnel'],
      { ...env, HEARTH_PROVIDER_PORT: '9', HEARTH_PROVIDER_MAX_TOKENS: '8', HEARTH_PROVIDER_BEHIND_TUNNEL: 'yes' },
    );
    expect(options).toMatchObject({ port: 4100, pricePerSecond: 5n, chainConfigPath: '/x.json', maxTokensPerPrompt: 256, behindTunnel: true });
  });

  it('claim takes session ids', () => {
    const session = `0x${'ab'.repeat(32)}`;
    expect(parseProviderOptions(['claim', session], env)).toMatchObject({ command: 'claim', sessions: [session] });
    expect(() => parseProviderOptions(['claim', '0x12'], env)).toThrow(/not a session id/);
  });

  it('shows every option in the usage line when one is wrong', () => {
    let usage = '';
    try {
      parseProviderOptions(['--nope'], env);
    } catch (error) {
      usage = (error as Error).message;
    }
    for (const flag of ['--host ADDRESS', '--endpoint HOST:PORT', '--behind-tunnel', '--max-tokens-per-prompt N', '--rpc-url URL', '--key-file PATH', '--backend-model NAME', '--max-bid-fee WEI']) {
      expect(usage).toContain(flag);
    }
  });

  it('says what is wrong in one sentence', () => {
    expect(() => parseProviderOptions([], { ...env, HEARTH_PROVIDER_KEY: '0x12' })).toThrow(/provider key is not 0x and 64 hex digits/);
    expect(() => parseProviderOptions(['--price-per-second', '1.5'], env)).toThrow(/whole number of wei/);
    expect(() => parseProviderOptions(['--key', key], env)).toThrow(/Unknown option/);
    expect(() => parseProviderOptions(['--max-tokens-per-prompt', '0'], env)).toThrow('The most tokens per prompt must be a whole number of at least 1, not "0".');
    expect(() => parseProviderOptions([], { ...env, HEARTH_PROVIDER_MAX_TOKENS: '2.5' })).toThrow('The most tokens per prompt must be a whole number of at least 1, not "2.5".');
    expect(() => parseProviderOptions([], { ...env, HEARTH_PROVIDER_BEHIND_TUNNEL: 'yes' })).toThrow('HEARTH_PROVIDER_BEHIND_TUNNEL must be 1 or 0, not "yes".');
    expect(() => parseProviderOptions(['--behind-tunnel=yes'], env)).toThrow(/--behind-tunnel.*does not take an argument/);
  });
});
