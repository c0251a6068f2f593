/**
 * Errors that cross the API boundary. Each carries a stable `code` the UI
 * maps to a sentence and an action; `details` holds the low-level cause.
 */

export const errorCodes = {
  INVALID_REQUEST: { message: 'Hearth did not understand that request.', action: 'Reload the window and try again.' },
  MESSAGE_EMPTY: { message: 'The message is empty.', action: 'Type something before sending.' },
  MESSAGE_TOO_LONG: { message: 'The message is too long to send.', action: 'Shorten it, or split it into several messages.' },
  NOT_FOUND: { message: 'That conversation or message no longer exists.', action: 'Choose another conversation.' },
  BUSY: { message: 'A reply is still being written in this conversation.', action: 'Wait for it to finish, or stop it.' },
  MODEL_NOT_FOUND: { message: 'The model file does not exist.', action: 'Check the path, or choose another model.' },
  MODEL_NOT_GGUF: { message: 'The model file is not a GGUF model.', action: 'Choose a .gguf file made for llama.cpp.' },
  MODEL_INVALID: { message: 'The model file is damaged or incomplete, so it cannot be loaded.', action: 'Download the model again, or choose another one.' },
  MODEL_CRASHED: { message: 'The model file crashed the inference engine while loading.', action: 'Choose another model; this file is malformed.' },
  MODEL_NOT_READY: { message: 'No model is loaded yet.', action: 'Wait for the model to load, or choose one.' },
  PROMPT_TOO_LONG: { message: 'The message is too long for the model\u2019s context window.', action: 'Send a shorter message, or choose a model with a larger context.' },
  ENGINE_CRASHED: { message: 'The inference engine stopped unexpectedly; it has been restarted.', action: 'Send the message again.' },
  DATABASE_INVALID: { message: 'The data file is not a Hearth database.', action: 'Move the file aside or choose another data folder; it was left untouched.' },
  DATA_DIR_LOCKED: { message: 'Another Hearth window is already using this data folder.', action: 'Close the other Hearth, or set HEARTH_DATA_DIR to another folder.' },
  CONNECTION_LOST: { message: 'Hearth is not connected right now.', action: 'Wait for it to reconnect, then try again.' },
  UNAUTHORIZED: { message: 'This request was refused: it did not carry Hearth\u2019s access token.', action: 'Open the address Hearth printed when it started.' },
  INTERNAL: { message: 'Something went wrong inside Hearth.', action: 'Try again; if it keeps happening, restart Hearth.' },
} as const satisfies Record<string, { message: string; action: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** The plain-data form of an error, as it travels to the UI. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  action: string;
  details?: string;
}

export class HearthError extends Error {
  override name = 'HearthError';
  readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(code: ErrorCode, options: { message?: string; details?: string; cause?: unknown } = {}) {
    const shortMessage = options.message ?? errorCodes[code].message;
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, { cause: options.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.shortMessage, action: errorCodes[this.code].action };
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
