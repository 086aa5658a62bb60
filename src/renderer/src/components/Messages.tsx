import type { ReactNode } from 'react';

/** An error the staff member must read: role=alert so it is announced at once. */
export function ErrorMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="message message-error" role="alert">
      {children}
    </p>
  );
}

/** A quiet confirmation ("Saved."): role=status, announced politely. */
export function StatusMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="message message-ok" role="status">
      {children}
    </p>
  );
}
