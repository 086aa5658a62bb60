import type { ChannelName, Contract, NotesOf, OutputOf, ParsedInputOf, RefusalOf } from '../../shared/contract';
import type { HandlerContext, ReadContext } from './context';

/** The context a channel's handler receives: read-only for reads, refusals as declared. */
export type ContextOf<C extends ChannelName> = Contract[C]['effect'] extends 'read'
  ? ReadContext<RefusalOf<C>>
  : HandlerContext<RefusalOf<C>>;

/**
 * A write's output with the facts its audit record needs that are neither in the input
 * nor in the output (the id of a staff member found by user name, the sessions a
 * deactivation ended). Only the output goes to the caller (and into the operation log).
 */
export class Noted<O, N> {
  constructor(
    readonly output: O,
    readonly notes: N,
  ) {}
}

export function noted<O, N>(output: O, notes: N): Noted<O, N> {
  return new Noted(output, notes);
}

/** What a handler returns: its output, or `noted(output, notes)` when its channel declares notes. */
export type ResultOf<C extends ChannelName> = [NotesOf<C>] extends [never]
  ? OutputOf<C>
  : Noted<OutputOf<C>, NotesOf<C>>;

/**
 * A channel's domain logic, nothing else: the dispatcher has already checked the
 * session, the role and the input, opened the transaction and will write the audit
 * record and the operation log. Reads and writes are synchronous (better-sqlite3
 * transactions are); only jobs may return a promise.
 */
export type Handler<C extends ChannelName> = (
  ctx: ContextOf<C>,
  input: ParsedInputOf<C>,
) => Contract[C]['effect'] extends 'job' ? Promise<ResultOf<C>> | ResultOf<C> : ResultOf<C>;

/** Handlers for every channel whose name starts with `${Area}:` — checked at compile time. */
export type AreaHandlers<Area extends string> = {
  [C in Extract<ChannelName, `${Area}:${string}`>]: Handler<C>;
};

export type AllHandlers = { [C in ChannelName]: Handler<C> };
