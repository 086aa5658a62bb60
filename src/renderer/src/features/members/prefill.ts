/**
 * Registering from the counter's search (issue 9 item 8): what was typed there goes into
 * the field its shape says — a phone, an email, else the name.
 */
/**
 * Digits with the usual phone punctuation: a phone if at least 6 digits, else nothing (the
 * last 4 digits of a phone searched for are neither a phone nor a name); an email; else
 * the name.
 */
export function splitPrefill(text: string): { name: string; phone: string; email: string } {
  const s = text.trim();
  if (/^\+?[\d\s()-]+$/.test(s)) {
    return s.replace(/\D/g, '').length >= 6 ? { name: '', phone: s, email: '' } : { name: '', phone: '', email: '' };
  }
  if (/^[^\s@]+@[^\s@]+$/.test(s)) return { name: '', phone: '', email: s };
  return { name: s, phone: '', email: '' };
}
