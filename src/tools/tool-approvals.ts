/**
 * The person decides each tool call before it runs: once, always (for that
 * tool of that server, kept in the encrypted settings), or refuse. A call
 * waits here until a decision arrives by its id, from whichever UI shows
 * it, or until the reply that asked for it is stopped. Nothing here knows
 * about windows or sockets: the UI listens to the events and calls decide().
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HearthError } from '../api/errors.ts';
import type { SettingsRepository } from '../store/settings.ts';
import { readToolSetting } from './tool-setting.ts';

export const alwaysAllowedKey = 'tools.alwaysAllowed';

/** What the model asked to run: a tool of a configured server (by the server's id), with its arguments. */
export interface ToolCall {
  server: string;
  tool: string;
  args: Record<string, unknown>;
}

export type ApprovalDecision = 'once' | 'always' | 'refuse';

/** How a call was settled: `standing` is a grant the person gave earlier with "always". */
export type ApprovalOutcome = { approved: true; by: 'once' | 'always' | 'standing' } | { approved: false; by: 'refused' };

export interface PendingApproval {
  id: string;
  call: ToolCall;
}

export type ApprovalEvent =
  | { type: 'asked'; approval: PendingApproval }
  | { type: 'settled'; id: string; outcome: ApprovalOutcome | 'cancelled' };

/** What the model reads in place of a refused call's result. */
export const refusalText = 'The person refused this tool call.';

const grantSchema = z.object({ server: z.string(), tool: z.string() });
export type ToolGrant = z.infer<typeof grantSchema>;
const grantsSchema = z.array(grantSchema);

interface Waiting {
  call: ToolCall;
  settle: (outcome: ApprovalOutcome) => void;
  cancel: () => void;
}

export interface ToolApprovalsOptions {
  settings: SettingsRepository;
  onEvent?: (event: ApprovalEvent) => void;
  newId?: () => string;
}

export function createToolApprovals({ settings, onEvent = () => undefined, newId = randomUUID }: ToolApprovalsOptions) {
  const waiting = new Map<string, Waiting>();
  const grants = (): ToolGrant[] => readToolSetting(settings, alwaysAllowedKey, grantsSchema, []);
  const granted = (call: Pick<ToolCall, 'server' | 'tool'>) => grants().some((grant) => grant.server === call.server && grant.tool === call.tool);

  /** Damaged grants cannot allow anything, so the person is asked; choosing "always" then reports the damage. */
  const standingGrant = (call: ToolCall) => {
    try {
      return granted(call);
    } catch {
      return false;
    }
  };

  const settle = (id: string, outcome: ApprovalOutcome) => {
    const entry = waiting.get(id);
    if (!entry) return;
    waiting.delete(id);
    entry.settle(outcome);
    onEvent({ type: 'settled', id, outcome });
  };

  return {
    /** Resolves with the person's decision (at once if the tool is always allowed); rejects with TOOL_CANCELLED when `signal` aborts or cancel() is called. */
    request(call: ToolCall, { signal }: { signal?: AbortSignal } = {}): Promise<ApprovalOutcome> {
      if (signal?.aborted) return Promise.reject(new HearthError('TOOL_CANCELLED', { details: `${call.server}/${call.tool}: before approval` }));
      if (standingGrant(call)) return Promise.resolve({ approved: true, by: 'standing' });
      const id = newId();
      return new Promise<ApprovalOutcome>((resolve, reject) => {
        const onAbort = () => {
          if (!waiting.delete(id)) return;
          reject(new HearthError('TOOL_CANCELLED', { details: `${call.server}/${call.tool}: while waiting for approval` }));
          onEvent({ type: 'settled', id, outcome: 'cancelled' });
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.set(id, {
          call,
          settle: (outcome) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(outcome);
          },
          cancel: onAbort,
        });
        onEvent({ type: 'asked', approval: { id, call } });
      });
    },
    decide(id: string, decision: ApprovalDecision): ApprovalOutcome {
      const entry = waiting.get(id);
      if (!entry) throw new HearthError('TOOL_APPROVAL_UNKNOWN', { details: `approval ${id}` });
      const outcome: ApprovalOutcome = decision === 'refuse' ? { approved: false, by: 'refused' } : { approved: true, by: decision };
      const { server, tool } = entry.call;
      if (decision === 'always' && !granted(entry.call)) settings.set(alwaysAllowedKey, [...grants(), { server, tool }]);
      settle(id, outcome);
      if (decision === 'always') {
        // Other calls of the same tool waiting now are covered by the grant just given.
        for (const [otherId, other] of [...waiting]) {
          if (other.call.server === server && other.call.tool === tool) settle(otherId, { approved: true, by: 'standing' });
        }
      }
      return outcome;
    },
    /** Stops waiting for a call, as when its reply is stopped. */
    cancel(id: string): void {
      waiting.get(id)?.cancel();
    },
    pending(): PendingApproval[] {
      return [...waiting].map(([id, { call }]) => ({ id, call }));
    },
    grants,
    /** Takes back "always" for one tool of a server, or for all its tools when `tool` is left out (as when the server is removed). */
    revoke(server: string, tool?: string): void {
      settings.set(alwaysAllowedKey, grants().filter((grant) => grant.server !== server || (tool !== undefined && grant.tool !== tool)));
    },
  };
}

export type ToolApprovals = ReturnType<typeof createToolApprovals>;
