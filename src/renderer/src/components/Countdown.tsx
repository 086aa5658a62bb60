import { useEffect, useState } from 'react';

/**
 * A back-off window in THIS page's clock: `from` is when the answer arrived, `until`
 * is `from + retryAfterMs`. Computed from the server's `retryAfterMs` on receipt, so
 * a renderer clock that differs from main's does not matter.
 */
export interface Deadline {
  from: number;
  until: number;
}

export function deadlineIn(ms: number): Deadline {
  const from = Date.now();
  return { from, until: from + ms };
}

/** Seconds left until the deadline, ticking once a second; 0 when none. */
export function useSecondsLeft(deadline: Deadline | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  if (deadline === null) return 0;
  return Math.max(0, Math.ceil((deadline.until - Math.max(now, deadline.from)) / 1000));
}
