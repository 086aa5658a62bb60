import { contract, type ChannelName, type InputOf } from '../../../shared/contract';

/** What a screen passes to `useCommand(channel).run`: the input without `opId`, which the hook adds. */
export type PayloadOf<C extends ChannelName> = 'opId' extends keyof InputOf<C> ? Omit<InputOf<C>, 'opId'> : InputOf<C>;

/** Whether the channel's input takes an idempotency key (read from the contract's own schema). */
export function takesOpId(channel: ChannelName): boolean {
  const shape = (contract[channel].input as unknown as { shape?: Record<string, unknown> }).shape;
  return shape !== undefined && 'opId' in shape;
}
