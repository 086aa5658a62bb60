/** Local-day periods: [first local midnight, the midnight after the last day). */
export type PeriodChoice = 'today' | 'last7' | 'last30' | 'custom';

export function localMidnight(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

export function periodFor(
  choice: PeriodChoice,
  now: Date,
  custom?: { from: string; to: string },
): { from: number; to: number } | null {
  const startToday = localMidnight(now);
  const tomorrow = localMidnight(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  if (choice === 'today') return { from: startToday, to: tomorrow };
  if (choice === 'last7')
    return { from: localMidnight(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6)), to: tomorrow };
  if (choice === 'last30')
    return { from: localMidnight(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29)), to: tomorrow };
  const parse = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  };
  const a = custom ? parse(custom.from) : null;
  const b = custom ? parse(custom.to) : null;
  if (!a || !b) return null;
  const from = localMidnight(a);
  const to = localMidnight(new Date(b.getFullYear(), b.getMonth(), b.getDate() + 1));
  return to > from ? { from, to } : null;
}
