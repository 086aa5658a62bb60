import { call } from '../../lib/api';
import { useSession } from '../../stores/session';
import { useAppSettings } from '../../stores/settings';
import { useNavigation } from '../../stores/navigation';
import type { SignInResult } from '../../../../shared/contract';

/** Re-reads the public status (needs setup? terminal id, store name, locale). */
export async function loadStatus(): Promise<void> {
  const r = await call('auth:status', {});
  if (r.ok) useAppSettings.getState().setStatus(r.value);
}

/** After a successful sign-in: remember the token, open the counter, load settings. */
export async function completeSignIn(result: SignInResult): Promise<void> {
  useNavigation.getState().go('counter');
  useSession.getState().signedIn(result.token, result.staff, result.idleLockMinutes);
  const s = await call('settings:get', {});
  if (s.ok) useAppSettings.getState().setSettings(s.value);
}

/** Ends the session in main (best effort) and forgets the token here. */
export async function signOut(): Promise<void> {
  await call('auth:signOut', {});
  useSession.getState().signedOut();
  await loadStatus();
}

/** Locks the terminal: main refuses every call but unlock/sign-out until unlocked. */
export async function lockTerminal(): Promise<void> {
  useSession.getState().setLocked(true);
  await call('auth:lock', {});
}
