/**
 * After a refused submit: the first control marked invalid (or a section's problem
 * note), in the order the form shows them, takes the focus — so the staff member lands
 * on what to fix and a screen reader reads the error with it.
 */
export function focusFirstProblem(root: HTMLElement | null): boolean {
  const target = root?.querySelector<HTMLElement>('[aria-invalid="true"], [data-problem]');
  if (!target) return false;
  target.focus();
  return true;
}
