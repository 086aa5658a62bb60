import { useEffect } from 'react';
import { call } from '../lib/api';
import { lockTerminal } from '../features/auth/session-actions';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'mousedown', 'touchstart', 'wheel'] as const;
const CHECK_EVERY_MS = 5_000;
/** How often real activity is reported to main (at most). */
const HEARTBEAT_EVERY_MS = 30_000;

/**
 * Locks the terminal after `minutes` without keyboard, mouse or touch. Uses Date.now()
 * and a coarse interval (not one long timeout), so a sleeping laptop or a fast-forwarded
 * test clock still locks on the next tick.
 *
 * Main also locks sessions on its own, counting from the last call it saw; a cashier
 * who types for minutes without a call would be locked there while busy here, so real
 * activity is reported with a cheap `auth:me` at most every 30 s.
 */
export function useIdleLock(minutes: number, isActive: boolean): void {
  useEffect(() => {
    if (!isActive) return;
    let lastActivity = Date.now();
    let lastHeartbeat = lastActivity;
    const onActivity = () => {
      lastActivity = Date.now();
      if (lastActivity - lastHeartbeat >= HEARTBEAT_EVERY_MS) {
        lastHeartbeat = lastActivity;
        void call('auth:me', {});
      }
    };
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, onActivity, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - lastActivity >= minutes * 60_000) void lockTerminal();
    }, CHECK_EVERY_MS);
    return () => {
      clearInterval(timer);
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, onActivity, { capture: true });
    };
  }, [minutes, isActive]);
}
