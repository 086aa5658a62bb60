import { useId } from 'react';

/**
 * Ids that tie a control to its label and to the one line under it (the hint, or the
 * error in its place), so the error is read out with the control (`aria-describedby`)
 * and the control is marked `aria-invalid`.
 */
export function useFieldIds(id?: string) {
  const generated = useId();
  const controlId = id ?? generated;
  return { controlId, noteId: `${controlId}-note` };
}

export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}
