import type { TFunction } from 'i18next';

/** Numbers, times and durations in the page's language. */
export function formatters(lang: string, t: TFunction) {
  const num = new Intl.NumberFormat(lang);
  const time = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    n: (v: number) => num.format(v),
    time: (ms: number | null) => (ms === null ? t('terminals.unknown') : time.format(ms)),
    duration(ms: number): string {
      const s = Math.round(ms / 1000);
      if (s < 120) return t('duration.seconds', { n: s });
      if (s < 2 * 3600) return t('duration.minutes', { n: Math.round(s / 60) });
      if (s < 2 * 86_400) return t('duration.hours', { n: Math.round(s / 3600) });
      return t('duration.days', { n: Math.round(s / 86_400) });
    },
  };
}
export type Formatters = ReturnType<typeof formatters>;
