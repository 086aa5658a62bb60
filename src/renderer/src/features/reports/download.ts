import { call } from '../../lib/api';
import type { ReportKind } from '../../../../shared/contract/reports';

/** Asks main for one report as CSV and hands it to the browser as a file download. */
export async function downloadReportCsv(report: ReportKind, period: { from: number; to: number }) {
  const r = await call('reports:csv', { report, ...period });
  if (!r.ok) return r.error;
  const blob = new Blob([r.value.csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = r.value.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}
