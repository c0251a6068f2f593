/**
 * Deploys the dev marketplace onto a local chain: MOR (an ERC-20 standing in
 * for it), Hearth's marketplace contract with a delegation registry (the
 * live chains use delegate.xyz's), MOR for every dev account, and one
 * registered model. The deployer is also the staked mode's funding account.
 */
import { createPublicClient, createWalletClient, http, keccak256, parseEther, sha256, stringToHex, type Address, type Hex } from 'viem';
import { hardhat } from 'viem/chains';
import { compileContracts } from '../../../contracts/compile.ts';
import { connectChainClient } from '../chain/client.ts';
import { devAccount, devChainId, devRoles, type DevRole } from './dev-accounts.ts';
import type { Deployment } from './deployment-file.ts';

/** Numbers of the dev marketplace, in MOR wei unless said otherwise. */
export const devMarketSettings = {
  morSupply: parseEther('1000000000'),
  morPerAccount: parseEther('1000000'),
  maxSessionDuration: 24n * 60n * 60n,
  // The compute balance is 100× the rest of the supply, so stakeToStipend(amount) ≈ amount:
  // a stake buys about stake / pricePerSecond seconds, as in direct payment.
  otherMorSupply: parseEther('10000000'),
  computePoolBalance: parseEther('1000000000'),
  providerMinimumStake: parseEther('0.2'),
  modelMinimumStake: parseEther('0.1'),
  bidFee: parseEther('0.3'),
  // The live marketplace's bid limits on Base (Morpheus deploy config): a price that bids here bids there.
  bidMinPricePerSecond: 10n ** 13n,
  bidMaxPricePerSecond: 10n ** 16n,
} as const;

export interface DevModel {
  name: string;
  /** The model file's bytes: their SHA-256 stands in for the IPFS CID. */
  bytes: Uint8Array;
  tags: string[];
}

export async function deployDevMarket(rpcUrl: string, model: DevModel): Promise<Deployment> {
  const deployer = devAccount('deployer', devChainId);
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 });
  const wallet = createWalletClient({ chain, transport, account: deployer });
  const chainId = await publicClient.getChainId();
  // Refuses, through devAccount, to go on with public keys on a real network.
  devAccount('deployer', chainId);

  const compiled = compileContracts();
  const deploy = async (contract: { abi: readonly unknown[]; bytecode: Hex }, args: readonly unknown[]): Promise<Address> => {
    const hash = await wallet.deployContract({ abi: contract.abi, bytecode: contract.bytecode, args } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error(`deployment ${hash} created no contract`);
    return receipt.contractAddress;
  };

  const s = devMarketSettings;
  const mor = await deploy(compiled.MorToken, [s.morSupply]);
  const diamond = await deploy(compiled.HearthMarketplace, [mor, {
    fundingAccount: deployer.address,
    maxSessionDuration: s.maxSessionDuration,
    computePoolBalance: s.computePoolBalance,
    otherMorSupply: s.otherMorSupply,
    providerMinimumStake: s.providerMinimumStake,
    modelMinimumStake: s.modelMinimumStake,
    bidFee: s.bidFee,
    bidMinPricePerSecond: s.bidMinPricePerSecond,
    bidMaxPricePerSecond: s.bidMaxPricePerSecond,
  }]);

  const registry = await deploy(compiled.DevDelegateRegistry, []);
  await publicClient.waitForTransactionReceipt({
    hash: await wallet.writeContract({
      address: diamond, abi: compiled.HearthMarketplace.abi, functionName: 'setRegistry', args: [registry],
    } as never),
  });

  const config = { chainId, rpcUrl, diamond, mor };
  const market = connectChainClient(config, deployer);
  const accounts: Record<string, Address> = {};
  for (const role of Object.keys(devRoles) as DevRole[]) {
    const account = devAccount(role, chainId);
    accounts[role] = account.address;
    if (role === 'deployer') continue;
    const hash = await wallet.writeContract({
      address: mor, abi: compiled.MorToken.abi, functionName: 'transfer', args: [account.address, s.morPerAccount],
    } as never);
    await publicClient.waitForTransactionReceipt({ hash });
  }
  // The funding account pays providers in staked mode, so it lets the marketplace spend its MOR.
  await market.approveMor(s.morSupply);

  const { modelId } = await market.registerModel({
    baseModelId: keccak256(stringToHex(model.name)),
    ipfsCID: sha256(model.bytes),
    fee: 0n,
    stake: s.modelMinimumStake,
    name: model.name,
    tags: model.tags,
  });

  return { chainId, rpcUrl, diamond, mor, model: { id: modelId, name: model.name }, accounts, deployedAt: new Date().toISOString() };
}
