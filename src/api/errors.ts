/**
 * Errors that cross the API boundary. Each carries a stable `code` the UI
 * maps to a sentence and an action; `details` holds the low-level cause.
 */

export const errorCodes = {
  INVALID_REQUEST: { message: 'Hearth did not understand that request.', action: 'Reload the window and try again.' },
  MESSAGE_EMPTY: { message: 'The message is empty.', action: 'Type something before sending.' },
  MESSAGE_TOO_LONG: { message: 'The message is too long to send.', action: 'Shorten it, or split it into several messages.' },
  NOT_FOUND: { message: 'That conversation or message no longer exists.', action: 'Choose another conversation.' },
  // A conversation's settings and the presets (src/chat/settings).
  PRESET_NOT_FOUND: { message: 'That preset no longer exists.', action: 'Choose another preset, or save the settings as a new one.' },
  PRESET_NAME_TAKEN: { message: 'A preset with that name already exists.', action: 'Choose another name, or change the existing preset.' },
  // Routing (src/router): where a message is answered, decided by the policy with its reason.
  ROUTE_NOTHING_CAN_ANSWER: { message: 'Neither this computer nor a provider can answer this message.', action: 'Read the reason given, then change what it names (a model, the message\u2019s length, or a provider).' },
  ROUTE_NEEDS_CONFIRMATION: { message: 'This reply could cost more than the amount above which you asked to confirm first.', action: 'Confirm the cost to send it to a provider, or choose This computer.' },
  ROUTE_PRIVATE_CONVERSATION: { message: 'This conversation is private, so nothing of it is sent to a provider.', action: 'Answer it on this computer, or make the conversation not private first.' },
  BUSY: { message: 'A reply is still being written in this conversation.', action: 'Wait for it to finish, or stop it.' },
  MODEL_NOT_FOUND: { message: 'The model file does not exist.', action: 'Check the path, or choose another model.' },
  MODEL_NOT_GGUF: { message: 'The model file is not a GGUF model.', action: 'Choose a .gguf file made for llama.cpp.' },
  MODEL_INVALID: { message: 'The model file is damaged or incomplete, so it cannot be loaded.', action: 'Download the model again, or choose another one.' },
  MODEL_CRASHED: { message: 'The model file crashed the inference engine while loading.', action: 'Choose another model; this file is malformed.' },
  MODEL_NOT_READY: { message: 'No model is loaded yet.', action: 'Wait for the model to load, or choose one.' },
  PROMPT_TOO_LONG: { message: 'The message is too long for the model\u2019s context window.', action: 'Send a shorter message, or choose a model with a larger context.' },
  ENGINE_CRASHED: { message: 'The inference engine stopped unexpectedly while writing this reply; Hearth is starting it again.', action: 'Send the message again: it waits until the model is back.' },
  DATABASE_INVALID: { message: 'The data file is not a Hearth database.', action: 'Move the file aside or choose another data folder; it was left untouched.' },
  DATA_DIR_LOCKED: { message: 'Another Hearth window is already using this data folder.', action: 'Close the other Hearth, or set HEARTH_DATA_DIR to another folder.' },
  CONNECTION_LOST: { message: 'Hearth is not connected right now.', action: 'Wait for it to reconnect, then try again.' },
  UNAUTHORIZED: { message: 'This request was refused: it did not carry Hearth\u2019s access token.', action: 'Open the address Hearth printed when it started.' },
  INTERNAL: { message: 'Something went wrong inside Hearth.', action: 'Try again; if it keeps happening, restart Hearth.' },
  // The API boundary and browser mode's transport (src/core/dispatch.ts, src/server, renderer/src/bridge/wsClient.ts).
  TEXT_INVALID_UNICODE: { message: 'The text contains a broken character (a lone UTF-16 surrogate) that cannot be stored.', action: 'Remove or retype the character, then send again.' },
  REQUEST_TOO_LARGE: { message: 'This request is larger than Hearth accepts at once (256 KB), so it was not sent.', action: 'Send less at once: shorten the text, or split it into several parts.' },
  // Models: the catalogue, downloads and the installed-models library (src/models).
  CATALOG_INVALID: { message: 'The model catalogue is damaged.', action: 'Reinstall Hearth; your models and conversations are not affected.' },
  CATALOG_MODEL_UNKNOWN: { message: 'There is no model with that id in the catalogue.', action: 'Run `npm run models -- list` to see the ids.' },
  DOWNLOAD_NOT_FOUND: { message: 'The download address does not exist (HTTP 404).', action: 'Update Hearth, or choose another model.' },
  DOWNLOAD_SERVER_ERROR: { message: 'The download server answered with an error.', action: 'Try again later; what was downloaded so far is kept.' },
  DOWNLOAD_NETWORK: { message: 'The download was interrupted by a network problem.', action: 'Check your connection and download again; it continues where it stopped.' },
  DOWNLOAD_STALLED: { message: 'The download stopped receiving data.', action: 'Check your connection and download again; it continues where it stopped.' },
  DOWNLOAD_NOT_A_MODEL: { message: 'The server sent something other than the model file, such as a login page.', action: 'The model may need a login or may have moved; choose another model.' },
  DOWNLOAD_HASH_MISMATCH: { message: 'The downloaded file is not the published model (its checksum differs), so it was deleted.', action: 'Download it again; if it happens again, choose another model.' },
  DOWNLOAD_SIZE_MISMATCH: { message: 'The downloaded file does not have the published size, so it was deleted.', action: 'Download it again; if it happens again, choose another model.' },
  DOWNLOAD_DISK_FULL: { message: 'There is not enough free disk space for this model.', action: 'Free some space, or choose a smaller model.' },
  DOWNLOAD_CANCELLED: { message: 'The download was cancelled.', action: 'Download it again to continue where it stopped.' },
  DOWNLOAD_IN_PROGRESS: { message: 'This model is already being downloaded.', action: 'Wait for that download to finish, or cancel it.' },
  MODEL_NOT_INSTALLED: { message: 'That model is not installed.', action: 'Run `npm run models -- list` to see the installed models.' },
  MODEL_ALREADY_INSTALLED: { message: 'A model with that file name is already installed.', action: 'Remove it first, or rename the file you are importing.' },
  // Hugging Face search and downloads on the Models page (src/models/hub).
  HUB_UNREACHABLE: { message: 'Hugging Face could not be reached, so its models cannot be searched or downloaded now.', action: 'Check your internet connection and try again; the models already installed keep working.' },
  HUB_SERVER_ERROR: { message: 'Hugging Face answered with an error; it may be busy.', action: 'Try again in a few minutes.' },
  HUB_BAD_RESPONSE: { message: 'Hugging Face sent an answer Hearth cannot read, so nothing of it was used.', action: 'Try again later; if it keeps happening, update Hearth.' },
  HUB_REPO_NOT_FOUND: { message: 'That model repository is not on Hugging Face, or it needs a login (private or gated).', action: 'Check the name, or choose another result.' },
  HUB_FILE_NOT_FOUND: { message: 'That file is not a single-file GGUF model in this repository (any more).', action: 'Open the repository again and choose a file from its list.' },
  // Models page: the models service in the core (src/models/service.ts).
  MODEL_IN_USE: { message: 'This model is the one chat uses now, so it cannot be deleted.', action: 'Switch to another model first, then delete this one.' },
  MODEL_BUNDLED: { message: 'The demo model comes with Hearth and cannot be deleted.', action: 'Nothing to do: it takes about 1 MB.' },
  // Model loading: memory fit and GPU fallback in the inference worker (src/engine).
  MODEL_TOO_LARGE: { message: 'This model, with its context, does not fit in this computer\u2019s free memory.', action: 'Close other programs, choose a smaller context size, or choose a smaller model.' },
  // Crash after crash, the engine waits longer before each restart (src/engine/engine.ts); it never gives up.
  ENGINE_RESTARTING: { message: 'The inference engine keeps stopping unexpectedly; Hearth loads the model again in a few seconds.', action: 'Wait for it. If it keeps happening, turn the GPU off or choose another model on the Models page.' },
  // MOR-RPC: the wire protocol to compute providers (src/market/morrpc) and the reference provider (src/provider).
  MORRPC_MALFORMED: { message: 'The message is not valid MOR-RPC.', action: 'Check that both sides speak MOR-RPC; the connection was closed.' },
  MORRPC_TOO_LARGE: { message: 'The message is larger than MOR-RPC allows.', action: 'Send a shorter prompt.' },
  MORRPC_INCOMPLETE: { message: 'The connection closed in the middle of a message.', action: 'Try again; if it keeps happening, choose another provider.' },
  MORRPC_BAD_SIGNATURE: { message: 'The message is not signed by who it claims to come from.', action: 'Do not trust this provider; choose another one.' },
  MORRPC_DECRYPT_FAILED: { message: 'A reply could not be decrypted: it was altered or not meant for this session.', action: 'Try again; if it keeps happening, choose another provider.' },
  MORRPC_UNKNOWN_METHOD: { message: 'The provider does not know that request.', action: 'Update Hearth or choose another provider.' },
  PROVIDER_SESSION_UNKNOWN: { message: 'The provider does not know this session.', action: 'Open a new session with this provider.' },
  PROVIDER_SESSION_CLOSED: { message: 'This session is closed on chain.', action: 'Open a new session to continue.' },
  PROVIDER_SESSION_EXPIRED: { message: 'This session has run out of paid time.', action: 'Open a new session to continue.' },
  PROVIDER_SESSION_BUSY: { message: 'The provider is still answering the previous prompt of this session.', action: 'Wait for that reply to finish, then send again.' },
  MORRPC_REPLAYED_CHUNK: { message: 'The provider\u2019s reply repeated a piece it had already sent, or one from an earlier reply, so it was stopped.', action: 'Do not trust this provider: Hearth continues the reply elsewhere, as your failover setting says.' },
  MORRPC_REPLAYED: { message: 'This prompt was already sent once; a copy is refused.', action: 'Send the message again.' },
  PROVIDER_BACKEND_FAILED: { message: 'The provider\u2019s model failed to answer.', action: 'Try again; if it keeps happening, choose another provider.' },
  PROVIDER_UNREACHABLE: { message: 'The provider cannot be reached, or stopped answering.', action: 'Try again; if it keeps happening, choose another provider.' },
  PROVIDER_SILENT: { message: 'The provider stopped sending the reply.', action: 'Nothing to do: Hearth continues the reply elsewhere, as your failover setting says, and leaves this provider out for a while.' },
  PROVIDER_ENDPOINT_INVALID: { message: 'The provider\u2019s address on the marketplace is not a host and port, so Hearth cannot reach it.', action: 'Choose another provider.' },
  // Provider start (src/provider/start-provider.ts): a bid the marketplace would refuse is refused before anything is staked.
  PROVIDER_PRICE_OUT_OF_RANGE: { message: 'The bid price is outside the range this marketplace takes.', action: 'Choose a --price-per-second within the range, or leave it out to bid the marketplace\u2019s minimum.' },
  PROVIDER_ENDPOINT_PRIVATE: { message: 'The endpoint to register is a loopback or private address, which no consumer elsewhere can reach.', action: 'Pass --endpoint with the public host:port consumers reach you at, or --behind-tunnel if that address is forwarded to you.' },
  // Provider under load (src/provider): refusals that cost the provider almost nothing.
  PROVIDER_OVERLOADED: { message: 'The provider is serving as many requests as it can right now.', action: 'Try again in a moment; if it keeps happening, choose another provider.' },
  PROVIDER_APPROVALS_EXHAUSTED: { message: 'The provider has issued as many session approvals for this address as it can for now.', action: 'Try again in a minute; if it keeps happening, choose another provider.' },
  // Provider checks on session.request (src/provider): a request far from the provider's clock is refused.
  MORRPC_STALE_REQUEST: { message: 'The request\u2019s time is too far from the provider\u2019s clock: it is too old, or dated in the future.', action: 'Check that this computer\u2019s clock is right, then try again.' },
  // Marketplace chain: the Morpheus contracts, the dev chain and the chain client (src/market/chain, src/market/devchain).
  CHAIN_UNREACHABLE: { message: 'Hearth cannot reach the blockchain node.', action: 'Check the RPC address and your connection, then try again.' },
  CHAIN_RATE_LIMITED: { message: 'The blockchain node is turning Hearth\u2019s requests away for now (too many requests).', action: 'Hearth tries again on its own; if it keeps happening, set another RPC address in the marketplace settings.' },
  CHAIN_WRONG_NETWORK: { message: 'The blockchain node is on another network than the one configured.', action: 'Check the RPC address and the chain id in the marketplace settings.' },
  CHAIN_REVERTED: { message: 'The marketplace contract refused the transaction.', action: 'Nothing was spent but the network fee; read the reason, then try again.' },
  CHAIN_INSUFFICIENT_FUNDS: { message: 'The wallet does not have enough ETH to pay the network fee.', action: 'Add ETH to the wallet, then try again.' },
  CHAIN_DEV_KEYS_REFUSED: { message: 'Hardhat\u2019s public test keys are only for the local dev chain (chain id 31337).', action: 'Use your own wallet on this network.' },
  CHAIN_DEPLOYMENT_INVALID: { message: 'The marketplace deployment file is missing or damaged.', action: 'Start the dev chain again with `npm run chain`.' },
  WALLET_REJECTED: { message: 'You declined the transaction in your wallet, so nothing was sent.', action: 'Nothing changed. Try again when you are ready, and approve it in the wallet.' },
  // The market as read from the chain, ranked, with each provider checked (src/market/market-view).
  MARKET_PROVIDER_UNREACHABLE: { message: 'This provider did not answer Hearth\u2019s check, so it is left out of the ranking for now.', action: 'Nothing to do: Hearth checks it again at the next market refresh. Choose another provider meanwhile.' },
  MARKET_NO_PROVIDER: { message: 'No provider on the marketplace can take this question now.', action: 'Ask the local model, or try again in a few minutes: providers left out after a failure are let back in.' },
  MARKET_BID_UNPRICED: { message: 'This bid has no price, so it cannot be ranked and is left out.', action: 'Choose another bid for this model.' },
  // Provider sessions: opened, reused, closed and set straight with the chain at start (src/market/sessions).
  MARKET_ALLOWANCE_TOO_SMALL: { message: 'Your session allowance has less MOR left than this session needs.', action: 'Raise the allowance on the Wallet page, or ask a cheaper provider.' },
  MARKET_NOT_CONFIGURED: { message: 'No marketplace is set up, so Hearth cannot ask a provider.', action: 'Start the dev chain with `npm run chain`, or set the marketplace in the settings; local chat works meanwhile.' },
  MARKET_BID_NOT_FOUND: { message: 'That bid is no longer on the marketplace.', action: 'Refresh the market and choose another bid.' },
  WALLET_NO_ANSWER: { message: 'Your wallet did not answer, so the transaction was not sent.', action: 'Open your wallet and try again; nothing was spent.' },
  WALLET_WRONG_NETWORK: { message: 'Your wallet is on another network than the marketplace.', action: 'Switch your wallet to the marketplace\u2019s network, then connect again.' },
  WALLET_NOT_CONNECTED: { message: 'No wallet is connected, so nothing can be paid or signed.', action: 'Connect your wallet on the Wallet page, then try again.' },
  WALLET_METHOD_UNSUPPORTED: { message: 'Your wallet cannot make this kind of signature.', action: 'Nothing was signed. Hearth asks for another kind where it can; otherwise use another wallet.' },
  WALLET_PROOF_FAILED: { message: 'The signature your wallet made is not from the address it connected with, so Hearth did not link it.', action: 'Disconnect the wallet and connect it again; if it keeps happening, use another wallet.' },
  WALLET_NO_ALLOWANCE: { message: 'This wallet has given Hearth no session allowance, so there is nothing to revoke.', action: 'Nothing to do.' },
  // Spend limits on remote replies, per reply, session and UTC day (src/market/spend): refused before anything is signed.
  SPEND_LIMIT_REPLY: { message: 'This reply could cost more than your spending limit per reply.', action: 'Raise the limit in the wallet settings, or ask a shorter question.' },
  SPEND_LIMIT_SESSION: { message: 'This provider session could cost more than your spending limit per session.', action: 'Raise the limit in the wallet settings, or choose a cheaper provider.' },
  SPEND_LIMIT_DAY: { message: 'This would take today\u2019s spending (UTC) over your daily limit.', action: 'Raise the limit in the wallet settings, or wait until midnight UTC, when a new day starts.' },
  // The encrypted database and its key (src/vault, src/store).
  VAULT_WRONG_KEY: { message: 'That passphrase does not open your Hearth data.', action: 'Type it again; the data was left untouched.' },
  VAULT_LOCKED: { message: 'Your Hearth data is locked.', action: 'Unlock it with your passphrase first.' },
  VAULT_NOT_CREATED: { message: 'Your Hearth data has no passphrase yet.', action: 'Choose a passphrase to create it.' },
  VAULT_EXISTS: { message: 'Your Hearth data is already protected.', action: 'Unlock it with its passphrase instead.' },
  VAULT_PASSPHRASE_TOO_SHORT: { message: 'The passphrase is too short: use at least 8 characters.', action: 'A few unrelated words make a passphrase that is long and easy to remember.' },
  VAULT_PASSPHRASE_REQUIRED: { message: 'A passphrase is needed to open your Hearth data.', action: 'Type your passphrase, or set HEARTH_PASSPHRASE when running without a window.' },
  VAULT_FILE_INVALID: { message: 'The file that says how your data is protected (vault.json) is damaged.', action: 'Restore vault.json from a backup; the encrypted data was left untouched.' },
  VAULT_KEYCHAIN_UNAVAILABLE: { message: 'The system keychain that holds your data\u2019s key is not available.', action: 'Unlock your keychain (log in to the desktop session), then start Hearth again.' },
  VAULT_KEYCHAIN_PROTECTED: { message: 'Your data\u2019s key is kept by the system keychain, so it has no passphrase to change.', action: 'Nothing to do: your login protects it.' },
  // The database's health: the check at start, backups and what a damaged file still holds (src/store, src/privacy).
  DATABASE_DAMAGED: { message: 'Your Hearth data file is damaged.', action: 'Open a backup, or export what can still be read.' },
  DATABASE_EMPTY: { message: 'Your Hearth data file (hearth.db) is empty, where your encrypted data should be.', action: 'Hearth left it untouched: put back a copy of hearth.db (daily copies are in the backups folder beside it), or choose another data folder.' },
  DATABASE_MISSING: { message: 'Your Hearth data file (hearth.db) is missing from the data folder.', action: 'Hearth started nothing new in its place: put hearth.db back, or copy the newest file from the backups folder beside it to hearth.db, then unlock again.' },
  BACKUP_NOT_FOUND: { message: 'That backup no longer exists.', action: 'Choose another backup from the list.' },
  BACKUP_UNREADABLE: { message: 'That backup cannot be opened: it is damaged, or was made with another key.', action: 'Choose another backup, or export what can still be read.' },
  // Documents: extracting text from added files and folders (src/memory/documents).
  DOCUMENT_NOT_FOUND: { message: 'The document does not exist.', action: 'It may have been moved or deleted; add it again from where it is now.' },
  DOCUMENT_UNSUPPORTED: { message: 'Hearth cannot read this type of file.', action: 'Add .txt, .md, .pdf or .html files.' },
  DOCUMENT_UNREADABLE: { message: 'The document is damaged, protected, or not the kind of file its name says.', action: 'Open it in another program to check it, save a plain copy, and add that.' },
  DOCUMENT_EMPTY: { message: 'No text was found in the document; a PDF of scanned pages holds only images of text.', action: 'Add a version with selectable text, or run text recognition (OCR) on it first.' },
  DOCUMENT_TOO_LARGE: { message: 'The document is larger than Hearth reads (200 MB).', action: 'Split it into smaller files and add those.' },
  DOCUMENT_CANCELLED: { message: 'Reading the document was cancelled.', action: 'Add it again to read it.' },
  DOCUMENT_EXPANDS_TOO_MUCH: { message: 'This file expands to more than 256 MB when read, so Hearth did not read it.', action: 'If it is a real document, split it into smaller files; if you do not know where it came from, delete it.' },
  DOCUMENT_TEXT_TOO_LONG: { message: 'The text in this file is longer than Hearth reads in one document (16 MB).', action: 'Split it into smaller files and add those.' },
  DOCUMENT_TOO_SLOW: { message: 'Reading this file took longer than 2 minutes, so Hearth stopped.', action: 'If it is a real document, split it into smaller files or save a plain-text copy and add that; if you do not know where it came from, delete it.' },
  DOCUMENT_READER_FAILED: { message: 'Hearth\u2019s document reader stopped unexpectedly.', action: 'Add the document again; if it keeps happening, open it in another program, save a plain copy, and add that.' },
  // Embeddings and JSON output from the inference worker (src/engine: worker-embed, worker-json).
  EMBEDDER_NOT_READY: { message: 'No embedding model is loaded.', action: 'Wait for the embedding model to load, or choose one.' },
  EMBEDDER_UNSUPPORTED: { message: 'This model cannot compute embeddings.', action: 'Choose a model made for embeddings.' },
  EMBEDDING_INTERRUPTED: { message: 'The inference engine stopped while computing embeddings; Hearth is starting it again.', action: 'Try again; if it keeps happening, choose another embedding model.' },
  JSON_INCOMPLETE: { message: 'The model\u2019s answer ended before its JSON was complete.', action: 'Try again; if it keeps happening, allow the answer more tokens.' },
  // Retrieval over document chunks (src/memory/retrieval).
  RETRIEVAL_VECTOR_INVALID: { message: 'The embedding model produced a vector Hearth cannot index.', action: 'Choose another embedding model, then index your documents again.' },
  // The OpenAI-compatible API other apps on this computer may use (src/server/openai-api).
  LOCAL_API_PORT_IN_USE: { message: 'Another program already uses this port, so the local API could not start and stays off.', action: 'Choose another port (from 1024 to 65535), then turn the local API on again.' },
  // Tools from local MCP servers, each call approved by the person (src/tools).
  TOOL_SERVER_NOT_FOUND: { message: 'The command that starts this tool server was not found on this computer.', action: 'Check the command in the tool server\u2019s settings: it must name a program installed here, such as node or npx.' },
  TOOL_SERVER_FAILED: { message: 'The tool server stopped unexpectedly.', action: 'Try again: Hearth starts the server again at the next tool call. If it keeps happening, check its command and arguments.' },
  TOOL_SERVER_UNKNOWN: { message: 'That tool server is not set up in Hearth.', action: 'Choose a tool server from the list in the settings.' },
  TOOL_SERVER_NAME_TAKEN: { message: 'A tool server with that name is already set up.', action: 'Choose another name, or remove the other server first.' },
  TOOL_TIMEOUT: { message: 'The tool did not answer in time, so Hearth stopped waiting for it.', action: 'Try again; if it keeps happening, check the tool server, or allow its tools more time.' },
  TOOL_FAILED: { message: 'The tool reported an error.', action: 'Read the tool\u2019s message; the model may try again with other arguments.' },
  TOOL_MALFORMED: { message: 'The tool answered with something that is not a tool result.', action: 'Update the tool server, or report the problem to its author.' },
  TOOL_CANCELLED: { message: 'The tool call was stopped with the reply.', action: 'Nothing to do: send the message again to let the model call it again.' },
  TOOL_APPROVAL_UNKNOWN: { message: 'That tool call is no longer waiting for your decision.', action: 'Nothing to do: it was already decided, or its reply was stopped.' },
  TOOL_SETTINGS_DAMAGED: { message: 'Hearth\u2019s saved tool settings are damaged, so they cannot be read.', action: 'Hearth left them as they were, so nothing is lost: restore a backup of your data, or send the details with a report.' },
} as const satisfies Record<string, { message: string; action: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** The plain-data form of an error, as it travels to the UI. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  action: string;
  details?: string;
}

/**
 * A throw site may write its own sentence, but then also its own action, so
 * the two always fit (the table's action was written for the table's
 * sentence); tests/unit/error-pairs.test.ts checks every site.
 */
export type HearthErrorOptions = { details?: string; cause?: unknown } & (
  | { message: string; action: string }
  | { message?: undefined; action?: string }
);

export class HearthError extends Error {
  override name = 'HearthError';
  readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly action: string;
  readonly details: string | undefined;

  constructor(code: ErrorCode, options: HearthErrorOptions = {}) {
    const shortMessage = options.message ?? errorCodes[code].message;
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, { cause: options.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.action = options.action ?? errorCodes[code].action;
    this.details = options.details;
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.shortMessage, action: this.action };
    if (this.details !== undefined) payload.details = this.details;
    return payload;
  }
}

/** Any thrown value as a payload; unknown failures become INTERNAL with their text kept as details. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof HearthError) return error.toPayload();
  const details = error instanceof Error ? error.message : String(error);
  return new HearthError('INTERNAL', { details }).toPayload();
}
