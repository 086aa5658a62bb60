import { makeStaffedCore } from '../helpers/core';
import { ok, type TestChain } from './helpers';
import type { RuleSet } from '../../src/shared/contract/points';

/**
 * A real terminal core on its own SQLite file, enrolled at `storeId` of the test chain:
 * `net.down = true` cuts its line to head office; `rules` are saved before enrolling.
 */
export async function enrolledCore(chain: TestChain, storeId: string, name: string, rules?: RuleSet) {
  const net = { down: false };
  const { core, tokens } = await makeStaffedCore({
    sync: {
      fetch: async (input, init) => {
        if (net.down) throw new Error('connect ECONNREFUSED (test network down)');
        return fetch(input, init);
      },
      timeoutMs: 5_000,
    },
  });
  if (rules) await core.ok('points:saveRules', { rules }, tokens.manager);
  const { code } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId }));
  await core.ok('sync:enrol', { serverUrl: chain.service.url, code, name }, tokens.manager);
  return { core, tokens, net, sync: () => core.ok('sync:now', {}, tokens.cashier) };
}
