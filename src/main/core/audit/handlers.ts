import type { AreaHandlers } from '../handler-types';
import { defineArea } from '../area';
import type { AuditEntryDto } from '../../../shared/contract';
import { verifyAuditChain } from './audit-log';
import { auditChainDailyCheck, auditChainStartupCheck } from './chain-checks';
import { subjectNames } from './subject-names';

interface Row {
  seq: number;
  id: string;
  at: number;
  terminal_id: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  details: string;
}

function toDto(r: Row): Omit<AuditEntryDto, 'subjectName' | 'staffName'> {
  return {
    seq: r.seq,
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    target: r.target,
    details: JSON.parse(r.details) as Record<string, unknown>,
    terminalId: r.terminal_id,
  };
}

export const auditHandlers: AreaHandlers<'audit'> = {
  'audit:list': (ctx, input) => {
    const where: string[] = [];
    const args: (string | number)[] = [];
    // A prefix filter: 'staff.' finds every staff action, 'auth.signIn' just sign-ins.
    if (input.actionIs) {
      where.push('action = ?');
      args.push(input.actionIs);
    } else if (input.action) {
      where.push("action LIKE ? ESCAPE '\\'");
      args.push(input.action.replace(/[\\%_]/g, (c) => '\\' + c) + '%');
    }
    // "What happened with this staff member": their own acts and acts on them (failed
    // sign-ins have no actor, only a target).
    if (input.actorId) {
      where.push('(actor_id = ? OR target = ?)');
      args.push(input.actorId, input.actorId);
    }
    if (input.from !== undefined) {
      where.push('at >= ?');
      args.push(input.from);
    }
    if (input.to !== undefined) {
      where.push('at < ?');
      args.push(input.to);
    }
    if (input.before !== undefined) {
      where.push('seq < ?');
      args.push(input.before);
    }
    const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = ctx.db.prepare(sql).all(...args, input.limit + 1) as Row[];
    const page = rows.slice(0, input.limit);
    const entries = page.map(toDto);
    const names = subjectNames(ctx.db, entries);
    return {
      entries: entries.map((e, i) => ({ ...e, ...names[i] })),
      nextBefore: rows.length > input.limit ? page[page.length - 1].seq : null,
    };
  },
  'audit:verify': (ctx) => verifyAuditChain(ctx.db),
};

export const auditArea = defineArea({
  name: 'audit',
  handlers: auditHandlers,
  startupChecks: [auditChainStartupCheck],
  dailyChecks: [auditChainDailyCheck],
});
