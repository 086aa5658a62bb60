import { useRef } from 'react';
import { newOperationId } from './api';

/**
 * One operation id per attempt. The id is made the first time a payload is sent and
 * reused while the cashier retries that same payload (a double Enter, a retry after a
 * lost reply or an error), so main's idempotency records it once. A different payload
 * is a new attempt and gets a new id; `finish()` after a success starts afresh.
 */
export function useOperationAttempt() {
  const current = useRef<{ key: string; opId: string } | null>(null);
  return {
    opIdFor(payloadKey: string): string {
      if (!current.current || current.current.key !== payloadKey) {
        current.current = { key: payloadKey, opId: newOperationId() };
      }
      return current.current.opId;
    },
    finish(): void {
      current.current = null;
    },
  };
}
