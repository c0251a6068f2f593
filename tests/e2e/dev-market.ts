/**
 * The marketplace for the wallet's end-to-end tests, as a person runs it
 * with `npm run chain` and two `npm run provider`s: a real Hardhat dev
 * chain with the dev marketplace deployed, two real provider processes
 * bidding on its model (the dev 'provider' and 'modelOwner' accounts, at
 * two prices), and a Hearth host that reads that marketplace.
 */
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';
import { startHearth, type RunningHearth } from './hearth-server.ts';

/** The cheaper bid: with equal records it ranks first, so "Best provider" picks it. */
export const cheapPricePerSecond = 10n ** 14n;
export const dearPricePerSecond = 3n * 10n ** 14n;

export interface HearthMarket {
  chain: DevMarket;
  /** Ranked first. */
  cheap: ProviderProcess;
  /** Ranked second: where a reply goes on when the first provider fails. */
  dear: ProviderProcess;
  hearth: RunningHearth;
  stop(): Promise<void>;
}

export interface HearthMarketOptions {
  /** The model both providers serve (default: the demo model), e.g. one whose replies run long. */
  providerModelPath?: string;
}

export async function startHearthMarket(options: HearthMarketOptions = {}): Promise<HearthMarket> {
  const started: { stop(): Promise<void> }[] = [];
  // Everything that started goes down in the reverse order, also when a later start fails.
  const stop = async () => {
    for (const part of started.reverse()) await part.stop();
    started.length = 0;
  };
  try {
    const chain = await startDevMarket();
    started.push(chain);
    const modelArgs = options.providerModelPath === undefined ? [] : ['--model', options.providerModelPath];
    const provider = async (role: 'provider' | 'modelOwner', price: bigint) => {
      const running = await startProviderProcess({
        deploymentFile: chain.deploymentFile, privateKey: devPrivateKey(role), args: [...modelArgs, '--price-per-second', price.toString()],
      });
      started.push(running);
      return running;
    };
    const cheap = await provider('provider', cheapPricePerSecond);
    const dear = await provider('modelOwner', dearPricePerSecond);
    const hearth = await startHearth({ env: { HEARTH_CHAIN_CONFIG: chain.deploymentFile } });
    started.push(hearth);
    return { chain, cheap, dear, hearth, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
