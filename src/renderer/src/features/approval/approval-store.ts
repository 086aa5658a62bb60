import { create } from 'zustand';
import type { ChannelName } from '../../../../shared/contract';
import type { ApprovalPolicy } from '../../../../shared/contract/define';
import type { AppErrorBody } from '../../../../shared/errors';

/**
 * The one approval the terminal is asking a manager for. A command refused
 * `approvalRequired` (lib/use-command.ts) calls `askManager` and waits: the dialog
 * (ApprovalDialog) settles it with true once a manager approved — the command then sends
 * the same operation again — or false when the cashier cancels.
 */
export interface ApprovalAsk {
  channel: ChannelName;
  requestId: string;
  policy: ApprovalPolicy;
  facts: Record<string, unknown>;
  settle(approved: boolean): void;
}

interface ApprovalState {
  ask: ApprovalAsk | null;
}

export const useApproval = create<ApprovalState>(() => ({ ask: null }));

/** The refusal a manager can lift, with what the dialog needs; null for any other error. */
export function approvalRequest(
  error: AppErrorBody,
): { requestId: string; policy: ApprovalPolicy; facts: Record<string, unknown> } | null {
  const d = error.details;
  if (d?.reason !== 'approvalRequired' || typeof d.requestId !== 'string') return null;
  const facts = d.facts && typeof d.facts === 'object' ? (d.facts as Record<string, unknown>) : {};
  return { requestId: d.requestId, policy: d.policy as ApprovalPolicy, facts };
}

/** Opens the dialog for this refusal; resolves true when a manager approved. One at a time. */
export function askManager(channel: ChannelName, error: AppErrorBody): Promise<boolean> {
  const req = approvalRequest(error);
  if (!req) return Promise.resolve(false);
  useApproval.getState().ask?.settle(false);
  return new Promise((resolve) => {
    useApproval.setState({
      ask: {
        channel,
        ...req,
        settle: (approved) => {
          useApproval.setState({ ask: null });
          resolve(approved);
        },
      },
    });
  });
}
