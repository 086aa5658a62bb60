import type { i18n as I18n } from 'i18next';
import { formatDateTime } from '../lib/dates';

/**
 * Formats a text may name for a value it interpolates. `{{usedAt, localTime}}`: an epoch-ms
 * time from the core (a refusal's details), written as every other time on screen
 * (lib/dates.ts formatDateTime) in the text's own language — the core sends the instant,
 * never a formatted string in the terminal's time zone and words.
 */
export function addFormats(i18n: I18n): void {
  i18n.services.formatter?.add('localTime', (value: unknown, lng: string | undefined) =>
    typeof value === 'number' && Number.isFinite(value) ? formatDateTime(value, lng ?? 'en') : String(value),
  );
}
