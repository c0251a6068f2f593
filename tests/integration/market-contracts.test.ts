/**
 * The marketplace rules on a real Hardhat node, through Hearth's chain
 * client: what the provider and the user see in their MOR balances and in
 * the contract's records after each step, and a sentence for each refusal.
 */
import { createPublicClient, createWalletClient, http, parseEther, type Hex } from 'viem';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileContracts } from '../../contracts/compile.ts';
import { HearthError } from '../../src/api/errors.ts';
import { toChainError } from '../../src/market/chain/chain-error.ts';
import { delegationRules } from '../../src/market/chain/delegation-rules.ts';
import { encodeApproval, encodeReceipt, signForChain } from '../../src/market/chain/signed-messages.ts';
import { devAccount, type DevRole } from '../../src/market/devchain/dev-accounts.ts';
import { devMarketSettings } from '../../src/market/devchain/deploy.ts';
import { usedAbi } from '../../src/market/used-interface.ts';
import { startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';

const day = 86_400n;
const providerStake = parseEther('10');
const pricePerSecond = 10n ** 14n; // 0.0001 MOR per second
const sessionStake = parseEther('1');

let market: DevMarket;
let bidId: Hex;

beforeAll(async () => {
  market = await startDevMarket();
});
afterAll(async () => {
  await market?.stop();
});

const chainId = () => BigInt(market.deployment.chainId);
const provider = () => market.as('provider');
const user = () => market.as('user');
const address = (role: DevRole) => devAccount(role, market.deployment.chainId).address;

/** The provider's approval for `role` to open a session on its bid, as it answers session.request. */
async function approval(options: { for?: DevRole; signer?: DevRole; chainId?: bigint; age?: bigint } = {}) {
  const encoded = encodeApproval({
    bidId,
    chainId: options.chainId ?? chainId(),
    user: address(options.for ?? 'user'),
    timestamp: (await market.latestTimestamp()) - (options.age ?? 0n),
  });
  return { approval: encoded, approvalSignature: await signForChain(devAccount(options.signer ?? 'provider', 31337), encoded) };
}

async function receipt(sessionId: Hex, signer: DevRole = 'provider') {
  const encoded = encodeReceipt({
    sessionId, chainId: chainId(), timestamp: await market.latestTimestamp(),
    tpsScaled1000: 250_000, ttftMs: 120, inputTokens: 12, outputTokens: 64,
  });
  return { receipt: encoded, signature: await signForChain(devAccount(signer, 31337), encoded) };
}

/** stakeToStipend's formula: amount × computeBalance / (MOR supply × 100); what providers claimed moves from the one to the other. */
function stipendFor(amount: bigint, poolBalance: bigint, otherSupply: bigint, claimedByProviders: bigint): bigint {
  return (amount * (poolBalance - claimedByProviders)) / ((otherSupply + claimedByProviders) * 100n);
}

const stipend = (amount: bigint, claimedByProviders: bigint) =>
  stipendFor(amount, devMarketSettings.computePoolBalance, devMarketSettings.otherMorSupply, claimedByProviders);

async function refusal(action: Promise<unknown>): Promise<HearthError> {
  const error = await action.then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(HearthError);
  return error as HearthError;
}

describe('the marketplace on a dev chain', () => {
  it('a provider registers with a stake and posts a bid; its MOR pays the stake and the bid fee', async () => {
    await provider().approveMor(parseEther('1000'));
    const before = await provider().morBalance();
    await provider().registerProvider({ stake: providerStake, endpoint: '127.0.0.1:3989' });
    expect(await provider().morBalance()).toBe(before - providerStake);
    expect(await provider().getProvider(address('provider'))).toMatchObject({ endpoint: '127.0.0.1:3989', stake: providerStake, isDeleted: false });

    const posted = await provider().postBid({ modelId: market.deployment.model.id, pricePerSecond });
    bidId = posted.bidId;
    expect(await provider().morBalance()).toBe(before - providerStake - devMarketSettings.bidFee);
    expect(await user().getBid(bidId)).toMatchObject({ provider: address('provider'), modelId: market.deployment.model.id, pricePerSecond, nonce: 0n });
    expect(await user().getModelActiveBids(market.deployment.model.id)).toEqual([bidId]);
    expect(await user().getActiveProviders()).toEqual([address('provider')]);
  });

  it('a user opens a session with the provider’s approval, closes it early with the provider’s receipt, and gets the held part back the next UTC day', async () => {
    // Start at 01:00 UTC of a fresh day, so the whole session falls in one day.
    const now = await market.latestTimestamp();
    await market.mineAt(now - (now % day) + day + 3600n);
    await user().approveMor(parseEther('1000'));
    const userBefore = await user().morBalance();
    const providerBefore = await provider().morBalance();

    const signed = await approval();
    const { sessionId } = await user().openSession({ amount: sessionStake, directPayment: true, ...signed });
    const opened = await user().getSession(sessionId);
    const duration = stipend(sessionStake, 0n) / pricePerSecond;
    expect(opened).toMatchObject({ user: address('user'), bidId, stake: sessionStake, isActive: true, isDirectPaymentFromUser: true });
    expect(opened.endsAt - opened.openedAt).toBe(duration);
    expect(await user().morBalance()).toBe(userBefore - sessionStake);
    expect(await user().getUserSessions()).toEqual([sessionId]);

    // The same approval cannot open a second session.
    const replay = await refusal(user().openSession({ amount: sessionStake, directPayment: true, ...signed }));
    expect(replay.code).toBe('CHAIN_REVERTED');
    expect(replay.shortMessage).toMatch(/already used/);
    expect(await user().morBalance()).toBe(userBefore - sessionStake);

    await market.advance(1800n);
    await user().closeSession(await receipt(sessionId));
    const closed = await user().getSession(sessionId);
    const used = closed.closedAt - closed.openedAt;
    const earned = used * pricePerSecond;
    // Direct payment: the provider is paid from the stake at once; what paid for today's use is
    // held (stipendToStake of it), the rest comes back now.
    const held = earned;
    expect(closed).toMatchObject({ isActive: false, closeoutType: 0n, providerWithdrawnAmount: earned });
    expect(await provider().morBalance()).toBe(providerBefore + earned);
    expect(await user().morBalance()).toBe(userBefore - earned - held);
    expect(await user().getUserStakesOnHold()).toEqual({ available: 0n, hold: held });
    // The close paid the provider; on the same UTC day the live contract's claim underflows (Panic 0x11): a sentence says until when.
    const sameDayClaim = await refusal(provider().claimForProvider(sessionId));
    const closedDay = closed.closedAt - (closed.closedAt % day);
    const nextMidnight = `${new Date(Number(closedDay + day) * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(sameDayClaim.code).toBe('CHAIN_REVERTED');
    expect(sameDayClaim.shortMessage).toContain(`the claim becomes possible at ${nextMidnight}`);
    expect(sameDayClaim.action).toContain(`Claim again at or after ${nextMidnight}`);
    expect(await provider().morBalance()).toBe(providerBefore + earned);
    expect(await user().getProviderModelStats({ modelId: market.deployment.model.id, provider: address('provider') })).toMatchObject({
      tpsScaled1000: { mean: 250_000n }, ttftMs: { mean: 120n }, totalDuration: Number(used), successCount: 1, totalCount: 1,
    });
    expect(await user().getModelStats(market.deployment.model.id)).toEqual({
      tpsScaled1000: { mean: 250_000n, sqSum: 0n }, ttftMs: { mean: 120n, sqSum: 0n }, totalDuration: { mean: used, sqSum: 0n }, count: 1,
    });

    const early = await refusal(user().withdrawUserStakes());
    expect(early.shortMessage).toMatch(/next UTC midnight/);

    await market.mineAt(closedDay + day);
    expect(await user().getUserStakesOnHold()).toEqual({ available: held, hold: 0n });
    const { amount } = await user().withdrawUserStakes();
    expect(amount).toBe(held);
    expect(await user().morBalance()).toBe(userBefore - earned);
    expect(await user().getUserStakesOnHold()).toEqual({ available: 0n, hold: 0n });

    // Everything earned was paid at close: a claim adds nothing.
    await provider().claimForProvider(sessionId);
    expect(await provider().morBalance()).toBe(providerBefore + earned);
  });

  it('a provider claims a session that ran to its end, and the user’s late close refunds the rest at once', async () => {
    const claimedSoFar = (await user().getSession((await user().getUserSessions())[0] as Hex)).providerWithdrawnAmount;
    const stake = parseEther('0.5');
    const { sessionId } = await user().openSession({ amount: stake, directPayment: true, ...(await approval()) });
    const opened = await user().getSession(sessionId);
    const duration = stipend(stake, claimedSoFar) / pricePerSecond;
    expect(opened.endsAt - opened.openedAt).toBe(duration);

    const providerBefore = await provider().morBalance();
    await provider().claimForProvider(sessionId);
    expect(await provider().morBalance()).toBe(providerBefore); // nothing is earned before the end

    await market.mineAt(opened.endsAt + 10n);
    await provider().claimForProvider(sessionId);
    expect(await provider().morBalance()).toBe(providerBefore + duration * pricePerSecond);

    const userBefore = await user().morBalance();
    await user().closeSession(await receipt(sessionId));
    expect(await user().morBalance()).toBe(userBefore + stake - duration * pricePerSecond);
    expect(await user().getUserStakesOnHold()).toEqual({ available: 0n, hold: 0n });
    expect(await provider().morBalance()).toBe(providerBefore + duration * pricePerSecond);

    const again = await refusal(user().closeSession(await receipt(sessionId)));
    expect(again.shortMessage).toBe('This session is already closed.');
  });

  it('refuses an expired, foreign-chain or forged approval with a sentence, and takes no MOR', async () => {
    const before = await user().morBalance();
    const open = async (signed: { approval: Hex; approvalSignature: Hex }) =>
      refusal(user().openSession({ amount: sessionStake, directPayment: true, ...signed }));

    const expired = await open(await approval({ age: 601n }));
    expect(expired).toMatchObject({ code: 'CHAIN_REVERTED', shortMessage: expect.stringMatching(/approval has expired/) });

    const otherChain = await open(await approval({ chainId: 8453n }));
    expect(otherChain.shortMessage).toMatch(/another blockchain network/);

    const forged = await open(await approval({ signer: 'otherUser' }));
    expect(forged.shortMessage).toBe('The session approval was not signed by the provider of this bid.');

    expect(await user().morBalance()).toBe(before);
  });

  it('opens a session with an approval the provider issued for another address, as the live contract does: the session is the caller’s', async () => {
    const { sessionId } = await user().openSession({ amount: sessionStake, directPayment: true, ...(await approval({ for: 'otherUser' })) });
    expect(await user().getSession(sessionId)).toMatchObject({ user: address('user'), bidId, isActive: true });
    await user().closeSession(await receipt(sessionId));
  });

  it('approving MOR never lowers the allowance: it reads it, sends nothing when it covers the need, and otherwise asks for exactly the need', async () => {
    const wallet = market.as('otherUser');
    expect(await wallet.morAllowance()).toBe(0n);
    expect(await wallet.approveMor(parseEther('5'))).toMatchObject({ hash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(await wallet.morAllowance()).toBe(parseEther('5'));

    // Allowed for something else, and more than this need: left as it is, and no transaction to sign.
    expect(await wallet.approveMor(parseEther('3'))).toBeUndefined();
    expect(await wallet.morAllowance()).toBe(parseEther('5'));

    expect(await wallet.approveMor(parseEther('8'))).toMatchObject({ hash: expect.stringMatching(/^0x/) });
    expect(await wallet.morAllowance()).toBe(parseEther('8'));
  });

  it('accepts approvals and receipts signed by a key the provider gave provider rights to, and no other', async () => {
    const hotKey: DevRole = 'modelOwner';
    const asked = { delegatee: address(hotKey), delegator: address('provider'), rights: delegationRules.provider };
    const publicClient = createPublicClient({ chain: hardhat, transport: http(market.node.rpcUrl) });
    for (const [name, value] of Object.entries({ PROVIDER: delegationRules.provider, SESSION: delegationRules.session })) {
      expect(await publicClient.readContract({ address: market.deployment.diamond, abi: usedAbi, functionName: `DELEGATION_RULES_${name}` as 'DELEGATION_RULES_PROVIDER' })).toBe(value);
    }

    const before = await user().morBalance();
    const unauthorised = await refusal(user().openSession({ amount: sessionStake, directPayment: true, ...(await approval({ signer: hotKey })) }));
    expect(unauthorised.shortMessage).toBe('The session approval was not signed by the provider of this bid.');
    expect(await user().morBalance()).toBe(before);
    expect(await user().isRightsDelegated(asked)).toBe(false);

    // The provider grants its hot key provider rights in the registry, for this marketplace only.
    const registry = await publicClient.readContract({ address: market.deployment.diamond, abi: usedAbi, functionName: 'getRegistry' });
    const wallet = createWalletClient({ account: devAccount('provider', 31337), chain: hardhat, transport: http(market.node.rpcUrl) });
    const grant = await wallet.writeContract({
      address: registry, abi: compileContracts().DevDelegateRegistry.abi, functionName: 'delegateContract',
      args: [address(hotKey), market.deployment.diamond, delegationRules.provider, true],
    } as never);
    await publicClient.waitForTransactionReceipt({ hash: grant });
    expect(await user().isRightsDelegated(asked)).toBe(true);
    expect(await user().isRightsDelegated({ ...asked, rights: delegationRules.session })).toBe(false);

    const { sessionId } = await user().openSession({ amount: sessionStake, directPayment: true, ...(await approval({ signer: hotKey })) });
    await market.advance(600n);
    await user().closeSession(await receipt(sessionId, hotKey));
    // A receipt from the hot key is the provider's word: an agreed close, not a dispute.
    expect(await user().getSession(sessionId)).toMatchObject({ isActive: false, closeoutType: 0n });
  });

  it('a user-signed receipt is a dispute: the session closes, and the provider’s earnings of today wait for the next day', async () => {
    const { sessionId } = await user().openSession({ amount: sessionStake, directPayment: true, ...(await approval()) });
    await market.advance(600n);
    const providerBefore = await provider().morBalance();
    const modelStatsBefore = await user().getModelStats(market.deployment.model.id);
    const providerStats = () => user().getProviderModelStats({ modelId: market.deployment.model.id, provider: address('provider') });
    const providerStatsBefore = await providerStats();
    await user().closeSession(await receipt(sessionId, 'user'));
    const closed = await user().getSession(sessionId);
    // A disputed session says nothing about the model's speed.
    expect(await user().getModelStats(market.deployment.model.id)).toEqual(modelStatsBefore);
    expect(closed).toMatchObject({ isActive: false, closeoutType: 1n, providerWithdrawnAmount: 0n });
    expect(await providerStats()).toMatchObject({
      successCount: providerStatsBefore.successCount, totalCount: providerStatsBefore.totalCount + 1,
    });
    expect(await provider().morBalance()).toBe(providerBefore);

    await market.mineAt(closed.closedAt - (closed.closedAt % day) + day);
    await provider().claimForProvider(sessionId);
    expect(await provider().morBalance()).toBe(providerBefore + (closed.closedAt - closed.openedAt) * pricePerSecond);
  });

  it('in staked mode the user gets the whole stake back and the provider is paid from the compute pool’s funding account', async () => {
    const userBefore = await user().morBalance();
    const fundingBefore = await market.as('deployer').morBalance();
    const { sessionId } = await user().openSession({ amount: sessionStake, directPayment: false, ...(await approval()) });
    const opened = await user().getSession(sessionId);
    const duration = (await user().stakeToStipend(sessionStake, opened.openedAt)) / pricePerSecond;
    expect(opened.endsAt - opened.openedAt).toBe(duration);
    expect(await user().getSessionEnd({ amount: sessionStake, pricePerSecond, openedAt: opened.openedAt })).toBe(opened.endsAt);
    expect(await user().morBalance()).toBe(userBefore - sessionStake);

    await market.mineAt(opened.endsAt + 1n);
    const providerBefore = await provider().morBalance();
    await user().closeSession(await receipt(sessionId));
    expect(await user().morBalance()).toBe(userBefore);
    expect(await provider().morBalance()).toBe(providerBefore + duration * pricePerSecond);
    expect(await market.as('deployer').morBalance()).toBe(fundingBefore - duration * pricePerSecond);
  });

  it('on the dev chain the owner sets the compute pool, which changes what a stake buys; no one else may', async () => {
    const { abi } = compileContracts().HearthMarketplace;
    const publicClient = createPublicClient({ chain: hardhat, transport: http(market.node.rpcUrl) });
    const setPool = async (role: DevRole, balance: bigint, supply: bigint) => {
      const wallet = createWalletClient({ account: devAccount(role, 31337), chain: hardhat, transport: http(market.node.rpcUrl) });
      const { request } = await publicClient.simulateContract({
        address: market.deployment.diamond, abi, functionName: 'setComputePool', args: [balance, supply], account: wallet.account,
      });
      await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(request) });
    };
    const now = await market.latestTimestamp();
    const refused = await setPool('user', 1n, 1n).then(() => undefined, (error: unknown) => toChainError(error, 'set the pool'));
    expect(refused?.shortMessage).toBe('Only the marketplace owner may do that.');

    await setPool('deployer', parseEther('5000'), parseEther('1000'));
    const claimed = (await publicClient.readContract({
      address: market.deployment.diamond, abi, functionName: 'getProvidersTotalClaimed', args: [],
    })) as bigint;
    expect(claimed).toBeGreaterThan(0n);
    expect(await user().getTodaysBudget(now)).toBe((parseEther('5000') - claimed) / 100n);
    expect(await user().stakeToStipend(parseEther('100'), now)).toBe(stipendFor(parseEther('100'), parseEther('5000'), parseEther('1000'), claimed));
  });

  it('a provider leaves: first its bid, then its registration; the stake comes back less what it earned this period', async () => {
    const busy = await refusal(provider().deregisterProvider());
    expect(busy.shortMessage).toBe('The provider still has active bids.');

    await provider().deleteBid(bidId);
    expect(await user().getModelActiveBids(market.deployment.model.id)).toEqual([]);
    const noBid = await refusal(user().openSession({ amount: sessionStake, directPayment: true, ...(await approval()) }));
    expect(noBid.shortMessage).toBe('The provider’s bid is no longer active.');

    const before = await provider().morBalance();
    const { limitPeriodEarned } = await provider().getProvider(address('provider'));
    expect(limitPeriodEarned).toBeGreaterThan(0n);
    await provider().deregisterProvider();
    expect(await provider().morBalance()).toBe(before + providerStake - limitPeriodEarned);
    expect(await provider().getProvider(address('provider'))).toMatchObject({ isDeleted: true, stake: limitPeriodEarned });
    expect(await user().getActiveProviders()).toEqual([]);
  });
});
