import type { TestCore } from '../../helpers/core';
import type { MemberDto } from '../../../src/shared/contract/members';

/** A valid, unique-per-n member: phone +86 139 0000 nnnn, email mnnn@example.com. */
export function memberInput(n: number, extra: Record<string, unknown> = {}) {
  return {
    name: `Member ${n}`,
    phone: `139 0000 ${String(n).padStart(4, '0')}`,
    email: `m${n}@example.com`,
    ...extra,
  };
}

export async function register(core: TestCore, token: string, n: number, extra: Record<string, unknown> = {}) {
  return core.ok('members:register', memberInput(n, extra) as never, token) as Promise<MemberDto>;
}
