/**
 * One tool call as a reply makes it: the person approves it (or a standing
 * grant does), it runs, and what happened is kept as a record for the
 * message, with the text the model reads next. A refusal or a failure is
 * text the model can read and answer around, not an error that ends the
 * reply; only a stopped reply ends it (TOOL_CANCELLED is thrown).
 */
import { HearthError, type ErrorPayload } from '../api/errors.ts';
import type { McpToolbox } from './mcp-toolbox.ts';
import { refusalText, type ApprovalOutcome, type ToolApprovals, type ToolCall } from './tool-approvals.ts';

export interface ToolCallRecord {
  call: ToolCall;
  approval: ApprovalOutcome;
  status: 'done' | 'refused' | 'failed';
  /** What the model reads as the call's result. */
  result: string;
  /** Whether the result was cut at the size limit. */
  truncated: boolean;
  /** Why the call failed, as the UI shows it. */
  error?: ErrorPayload;
}

export async function runToolCall(
  { approvals, toolbox }: { approvals: ToolApprovals; toolbox: McpToolbox },
  call: ToolCall,
  signal?: AbortSignal,
): Promise<ToolCallRecord> {
  const approval = await approvals.request(call, signal ? { signal } : {});
  if (!approval.approved) return { call, approval, status: 'refused', result: refusalText, truncated: false };
  try {
    const { text, truncated } = await toolbox.call(call, signal ? { signal } : {});
    return { call, approval, status: 'done', result: text, truncated };
  } catch (error) {
    if (error instanceof HearthError && error.code !== 'TOOL_CANCELLED') {
      return { call, approval, status: 'failed', result: error.shortMessage, truncated: false, error: error.toPayload() };
    }
    throw error;
  }
}
