import type { AdminOutputs, AdminRouteName } from '../../shared/headoffice/admin-api';
import { syncEndpoints, type EndpointInput, type EndpointName, type EndpointOutput } from '../../shared/sync/endpoints';

/**
 * The page's only way to head office: GET /admin/api/<route> on its own origin with the
 * admin token. The token lives in sessionStorage — it survives a reload of this tab and
 * nothing else (no cookie: no other site can make this browser send it).
 */
const TOKEN_KEY = 'perkdesk.headoffice.token';

export const readToken = () => sessionStorage.getItem(TOKEN_KEY);
export const keepToken = (token: string) => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

export type ApiResult<T> =
  { ok: true; value: T } | { ok: false; kind: 'unauthenticated' | 'refused' | 'unreachable'; message: string };

/** The head office endpoints the page may change things through (each recorded in admin_actions). */
export type AdminAction = Extract<
  EndpointName,
  'admin:createStore' | 'admin:issueEnrolmentCode' | 'admin:revokeTerminal' | 'members:merge'
>;

export function adminGet<N extends AdminRouteName>(
  token: string,
  route: N,
  query: Record<string, string> = {},
): Promise<ApiResult<AdminOutputs[N]>> {
  const qs = new URLSearchParams(query).toString();
  return send(`/admin/api/${route}${qs ? `?${qs}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
}

/** A change, through the protocol's own admin endpoint (POST /v1/admin/…), as any admin client. */
export function adminPost<E extends AdminAction>(
  token: string,
  endpoint: E,
  input: EndpointInput<E>,
): Promise<ApiResult<EndpointOutput<E>>> {
  return send(syncEndpoints[endpoint].path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
}

async function send<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, cache: 'no-store' });
  } catch (err) {
    return { ok: false, kind: 'unreachable', message: (err as Error).message };
  }
  let body: { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  try {
    body = await res.json();
  } catch {
    return { ok: false, kind: 'unreachable', message: `HTTP ${res.status}` };
  }
  if (body.ok) return body;
  const kind = body.error.code === 'UNAUTHENTICATED' || body.error.code === 'FORBIDDEN' ? 'unauthenticated' : 'refused';
  return { ok: false, kind, message: body.error.message };
}
