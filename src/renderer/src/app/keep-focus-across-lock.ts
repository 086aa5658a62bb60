import { useSession } from '../stores/session';

/**
 * A lock keeps the sale (issue 9 item 5): the shell stays mounted under the lock screen
 * (App.tsx), so the member and what was typed survive; this module keeps the focus. The
 * element that had it when the lock came (manual, idle, or main's LOCKED answer) is
 * remembered synchronously — zustand calls subscribers inside `set`, before React makes
 * the shell inert and the browser drops the focus — and gets it back after unlock.
 */
let saved: Element | null = null;
/**
 * The last element focused on the page itself (main), not the status bar: a manual lock
 * is a click on the status bar's Lock button, and the cursor belongs back in the sale.
 */
let lastInPage: Element | null = null;
document.addEventListener('focusin', (e) => {
  if (e.target instanceof Element && e.target.closest('main')) lastInPage = e.target;
});

useSession.subscribe((state, prev) => {
  if (state.locked && !prev.locked) {
    const active = document.activeElement;
    saved = active?.closest('main') ? active : lastInPage;
  } else if (!state.locked && prev.locked) {
    const target = saved;
    saved = null;
    // After React has removed `inert` and unmounted the lock screen.
    setTimeout(() => {
      if (target instanceof HTMLElement && target.isConnected) target.focus();
    }, 0);
  } else if (!state.token) {
    saved = null;
  }
});
