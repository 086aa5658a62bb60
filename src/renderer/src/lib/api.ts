import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { useSession } from '../stores/session';
import { NO_ANSWER } from './errors';

/**
 * The renderer's one typed client. Adds the session token, and reacts to the two
 * answers that change the whole screen: UNAUTHENTICATED (session gone: back to sign-in)
 * and LOCKED (terminal locked: show the lock screen).
 */
export async function call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  const { token } = useSession.getState();
  let result: Result<unknown>;
  try {
    result = await window.perkdesk.invoke(channel, { token, input });
  } catch {
    result = { ok: false, error: NO_ANSWER };
  }
  if (!result.ok && token) {
    // A manager's wrong password in the approval dialog is about the manager, not this session.
    const isSignInAttempt = channel === 'auth:signIn' || channel === 'auth:unlock' || channel === 'staff:approve';
    if (result.error.code === 'UNAUTHENTICATED' && !isSignInAttempt) useSession.getState().signedOut();
    if (result.error.code === 'LOCKED' && !isSignInAttempt) useSession.getState().setLocked(true);
  }
  return result as Result<OutputOf<C>>;
}

/** Same as `call`, but throws the error body (for places that show it via a boundary). */
export async function callOrThrow<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await call(channel, input);
  if (!r.ok) throw r.error;
  return r.value;
}

/** A fresh idempotency key for a write the cashier starts (award, redeem, refund). */
export function newOperationId(): string {
  return crypto.randomUUID();
}
