import type { AdminOutputs, AdminRouteName } from '../../src/shared/headoffice/admin-api';
import type { TestChain } from './helpers';

/** GET a head office page route as the page does: admin token, query string. */
export async function adminGet<N extends AdminRouteName>(
  chain: TestChain,
  name: N,
  query: Record<string, string> = {},
  token: string | null = chain.adminToken,
): Promise<{ status: number; body: { ok: true; value: AdminOutputs[N] } | { ok: false; error: { code: string } } }> {
  const res = await fetch(`${chain.service.url}/admin/api/${name}?${new URLSearchParams(query)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as never };
}
