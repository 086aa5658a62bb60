import type { z } from 'zod';
import type { Access } from '../roles';

/**
 * One IPC channel: the zod schema its input must pass (checked in main, never only in
 * the renderer), who may call it, and — as a phantom type — what it returns.
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  /** Phantom: never set at runtime, carries the output type. */
  readonly __output?: O;
}

/** `channel<Output>()({ input, access })` — curried so the input type is inferred. */
export function channel<O>() {
  return <I extends z.ZodType>(def: { input: I; access: Access }): ChannelDef<I, O> => def;
}
