import { useEffect } from 'react';
import { lockTerminal } from '../features/auth/session-actions';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'mousedown', 'touchstart', 'wheel'] as const;
const CHECK_EVERY_MS = 5_000;

/**
 * Locks the terminal after `minutes` without keyboard, mouse or touch. Uses Date.now()
 * and a coarse interval (not one long timeout), so a sleeping laptop or a fast-forwarded
 * test clock still locks on the next tick. Main also locks idle sessions on its own.
 */
export function useIdleLock(minutes: number, isActive: boolean): void {
  useEffect(() => {
    if (!isActive) return;
    let lastActivity = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
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
