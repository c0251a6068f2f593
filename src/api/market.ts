/**
 * The contract's part for the marketplace, as the wallet page needs it: the
 * market read from the chain and ranked, the wallet with its allowance and
 * spend limits, provider sessions with their transactions, stakes on hold,
 * where a chat reply is written, and the WalletConnect project id a phone
 * wallet connects through. MOR and ETH amounts are wei as decimal
 * strings (JSON has no integers that large); chain times are seconds.
 */
import { z } from 'zod';
import { errorPayloadSchema } from './error-payload.ts';

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`));
const address = hex(20);
const bytes32 = hex(32);
const wei = z.string().regex(/^\d{1,78}$/);
const id = z.string().min(1).max(64);

export const marketBidSchema = z.object({
  id: bytes32,
  provider: address,
  endpoint: z.string(),
  pricePerSecondWei: wei,
  /** Morpheus's default score, higher is better; null for a bid left out of the ranking. */
  score: z.number().nullable(),
  /** Why it is left out: its provider did not answer, failed a recent reply, or the bid has no price. */
  leftOut: errorPayloadSchema.nullable(),
  /** The provider's on-chain record for this model. */
  stats: z.object({
    tokensPerSecond: z.number(), ttftMs: z.number(), seconds: z.number(), successCount: z.number().int(), totalCount: z.number().int(),
  }),
});

export const marketModelSchema = z.object({
  id: bytes32,
  name: z.string(),
  tags: z.array(z.string()),
  /** Ranked bids first, best first; then those left out. */
  bids: z.array(marketBidSchema),
});

export const marketViewSchema = z.object({
  /** `off`: no marketplace is configured; `reading` until the first read ends. */
  status: z.enum(['off', 'reading', 'ready', 'failed']),
  /** Why the latest read failed; the models of the last good read are kept. */
  error: errorPayloadSchema.optional(),
  chainId: z.number().int().nullable(),
  /** When the shown read finished (ms since the epoch). */
  readAt: z.number().nullable(),
  models: z.array(marketModelSchema),
});

export const marketTransactionSchema = z.object({
  hash: bytes32,
  kind: z.enum(['approve', 'open', 'close', 'withdraw', 'allowance', 'delegate', 'revoke', 'fund']),
  purpose: z.string(),
  status: z.enum(['sent', 'mined', 'reverted']),
});

export const marketSessionSchema = z.object({
  id,
  state: z.enum(['opening', 'open', 'closing', 'closed', 'expired', 'failed']),
  sessionId: bytes32.nullable(),
  provider: z.object({ address, endpoint: z.string() }),
  model: z.object({ id: bytes32, name: z.string() }),
  bid: z.object({ id: bytes32, pricePerSecondWei: wei }),
  stakeWei: wei,
  openedAt: z.number().nullable(),
  endsAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  /** What it cost, to the wei, once closed. */
  costWei: wei.nullable(),
  /** The part of the refund held until `heldUntil` after an early close. */
  heldWei: wei.nullable(),
  heldUntil: z.number().nullable(),
  error: z.string().nullable(),
  transactions: z.array(marketTransactionSchema),
});

const limitsSchema = z.object({ perReplyWei: wei.nullable(), perSessionWei: wei.nullable(), perDayWei: wei.nullable() });

export const walletStatusSchema = z.object({
  /** Whether a wallet signs for Hearth now. */
  connected: z.boolean(),
  address: address.nullable(),
  chainId: z.number().int().nullable(),
  ethWei: wei.nullable(),
  morWei: wei.nullable(),
  /** What the wallet lets the marketplace take. */
  allowanceWei: wei.nullable(),
  /** With a session allowance, Hearth's agent key that opens and closes sessions for the wallet. */
  agent: z.object({ address, delegated: z.boolean(), ethWei: wei }).nullable(),
  limits: limitsSchema,
  /** Spent or reserved today (the contract's UTC day). */
  spentTodayWei: wei,
  stakes: z.object({
    /** Released and waiting to be withdrawn. */
    availableWei: wei,
    holdWei: wei,
    held: z.array(z.object({ sessionRef: id, amountWei: wei, releasedAt: z.number() })),
  }),
  /** Why the wallet could not be read, when it could not. */
  error: errorPayloadSchema.optional(),
});

/**
 * Where a reply is written: on this computer, or by a provider (the bid
 * named, or the best ranked for the model); when that provider fails, the
 * reply continues from the next ranked bid, locally, or not at all.
 */
export const replyTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  /** The routing policy decides (chat.route); `confirmed` once the person confirmed a reply above their cost threshold. */
  z.object({ kind: z.literal('auto'), confirmed: z.boolean().default(false) }),
  z.object({
    kind: z.literal('provider'),
    modelId: bytes32.optional(),
    bidId: bytes32.optional(),
    fallback: z.enum(['next-bid', 'local', 'none']).default('next-bid'),
  }),
]);

export type MarketBidView = z.output<typeof marketBidSchema>;
export type MarketModelView = z.output<typeof marketModelSchema>;
export type MarketViewWire = z.output<typeof marketViewSchema>;
export type MarketSessionView = z.output<typeof marketSessionSchema>;
export type WalletStatus = z.output<typeof walletStatusSchema>;
export type ReplyTarget = z.output<typeof replyTargetSchema>;

/**
 * EIP-712 typed data as a wallet signs it (eth_signTypedData_v4); numbers
 * beyond JavaScript's range travel as decimal strings.
 */
export const typedDataSchema = z.object({
  domain: z.object({
    name: z.string().optional(),
    version: z.string().optional(),
    chainId: z.number().int().optional(),
    verifyingContract: address.optional(),
    salt: bytes32.optional(),
  }),
  types: z.record(z.string(), z.array(z.object({ name: z.string(), type: z.string() }))),
  primaryType: z.string(),
  message: z.record(z.string(), z.unknown()),
});

/**
 * What the window's wallet is asked to sign, with what it does in words,
 * answered with `wallet.answer`: a transaction to sign and send (answered
 * with its hash), EIP-712 typed data or a text message to sign (answered
 * with the signature). Each is reviewed in the window before the wallet's
 * own confirmation.
 */
export const signRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('transaction'), id, chainId: z.number().int(), to: address, data: z.string().regex(/^0x[0-9a-fA-F]*$/), valueWei: wei, purpose: z.string() }),
  z.object({ kind: z.literal('typedData'), id, chainId: z.number().int(), typedData: typedDataSchema, purpose: z.string() }),
  z.object({ kind: z.literal('message'), id, chainId: z.number().int(), message: z.string(), purpose: z.string() }),
]);

export type SignRequestEvent = z.output<typeof signRequestSchema>;
export type TypedDataWire = z.output<typeof typedDataSchema>;

/** Where the marketplace lives, for the window's wallet: its chain, node and the contracts a sign request may call. */
export const marketChainSchema = z.object({ chainId: z.number().int(), rpcUrl: z.string(), diamond: address, mor: address });

export type MarketChainView = z.output<typeof marketChainSchema>;

/**
 * The WalletConnect Cloud (Reown) project id that lets the window's wallet
 * connect to a phone wallet through WalletConnect's relay; null while none
 * is set. Kept as 32 lowercase hexadecimal characters.
 */
export const walletConnectSettingSchema = z.object({ projectId: z.string().regex(/^[0-9a-f]{32}$/).nullable() });

export type WalletConnectSetting = z.output<typeof walletConnectSettingSchema>;

export const marketMethods = {
  /** The configured marketplace, or null when none is (chat stays local). */
  'market.chain': { params: z.object({}), result: marketChainSchema.nullable() },
  /**
   * The wallet the person connected in the window: from now on it signs, through sign requests; its key stays in the
   * wallet. A wallet not linked before is first asked to prove it holds the address (a signature that sends nothing).
   */
  'wallet.connect': { params: z.object({ address, chainId: z.number().int() }), result: walletStatusSchema },
  /** The sign requests still waiting for an answer, oldest first: a window loaded after they were sent shows them. */
  'wallet.signRequests': { params: z.object({}), result: z.array(signRequestSchema) },
  /** Every sign request still waiting is declined. */
  'wallet.disconnect': { params: z.object({}), result: walletStatusSchema },
  /**
   * The window's answer to a sign request: the hash of the transaction the wallet sent, the signature it made,
   * that the person declined, or that the wallet cannot make this kind of signature.
   */
  'wallet.answer': {
    params: z.union([
      z.object({ id, hash: bytes32 }),
      // 65 bytes from a key; a smart-contract wallet's (ERC-1271, ERC-6492) are longer.
      z.object({ id, signature: z.string().regex(/^0x(?:[0-9a-fA-F]{2}){65,8192}$/) }),
      z.object({ id, rejected: z.literal(true) }),
      z.object({ id, unsupported: z.literal(true) }),
    ]),
    result: z.object({ accepted: z.boolean() }),
  },
  'market.view': { params: z.object({}), result: marketViewSchema },
  /** Reads the market now (or joins the read under way). */
  'market.refresh': { params: z.object({}), result: marketViewSchema },
  'wallet.status': { params: z.object({}), result: walletStatusSchema },
  /** MOR wei; null removes a limit. New limits apply to new requests. */
  'wallet.setLimits': { params: limitsSchema, result: walletStatusSchema },
  /** Prepares, for the wallet to sign: the MOR cap, the agent key's session rights, and ETH for its fees. */
  'wallet.grantAllowance': { params: z.object({ capWei: wei, gasWei: wei }), result: walletStatusSchema },
  /** Prepares, for the wallet to sign: the agent key's rights withdrawn and the MOR allowance set to 0. */
  'wallet.revokeAllowance': { params: z.object({}), result: walletStatusSchema },
  /** Newest first, with their transactions. */
  'sessions.list': { params: z.object({}), result: z.array(marketSessionSchema) },
  /** Opens a session on the bid for `minutes` of paid time (default 30). */
  'sessions.open': { params: z.object({ bidId: bytes32, minutes: z.number().int().min(5).max(1440).optional() }), result: marketSessionSchema },
  'sessions.close': { params: z.object({ id }), result: marketSessionSchema },
  /** Withdraws the released stakes to the wallet. */
  'sessions.withdraw': { params: z.object({}), result: z.object({ hash: bytes32.nullable(), amountWei: wei }) },
  /** The WalletConnect project id; works with or without a marketplace. */
  'walletConnect.get': { params: z.object({}), result: walletConnectSettingSchema },
  /**
   * Sets the project id (spaces around it are dropped, letters lowered) or, with null, clears it; an id that is
   * not 32 hexadecimal characters is refused with INVALID_REQUEST and a sentence, and nothing changes. A page
   * loaded before is still under its old Content-Security-Policy: reload it to reach WalletConnect's relay.
   */
  'walletConnect.set': { params: z.object({ projectId: z.string().nullable() }), result: walletConnectSettingSchema },
} as const;

export const marketEvents = {
  'wallet.signRequest': signRequestSchema,
  'market.changed': marketViewSchema,
  /** A session opened, closed or was set straight with the chain. */
  'sessions.changed': z.object({}),
  /** The WalletConnect project id was set or cleared. */
  'walletConnect.changed': walletConnectSettingSchema,
} as const;
