import type { ChannelName, OutputOf, ParsedInputOf } from '../../shared/contract';
import type { HandlerContext } from './context';

export type Handler<C extends ChannelName> = (
  ctx: HandlerContext,
  input: ParsedInputOf<C>,
) => OutputOf<C> | Promise<OutputOf<C>>;

/** Handlers for every channel whose name starts with `${Area}:` — checked at compile time. */
export type AreaHandlers<Area extends string> = {
  [C in Extract<ChannelName, `${Area}:${string}`>]: Handler<C>;
};

export type AllHandlers = { [C in ChannelName]: Handler<C> };

const SELF_TRANSACTING = Symbol('selfTransacting');

/**
 * Marks a handler that manages its own transactions (long, async work such as export
 * and backup, which must not hold the write lock for seconds). Every other handler is
 * synchronous and runs inside one IMMEDIATE transaction opened by the dispatcher.
 */
export function selfTransacting<F extends (...args: never[]) => unknown>(fn: F): F {
  (fn as unknown as Record<symbol, boolean>)[SELF_TRANSACTING] = true;
  return fn;
}

export function isSelfTransacting(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, boolean>)[SELF_TRANSACTING] === true;
}
