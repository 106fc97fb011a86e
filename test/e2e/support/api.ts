import { inject } from 'vitest';

export function demoPassword(username: string): string {
  const pw = inject('demoPasswords')[username];
  if (!pw) throw new Error(`no demo account ${username}`);
  return pw;
}

/** Signs a user in over the API and returns the bearer token. */
export async function signIn(base: string, username: string, password = demoPassword(username)): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`sign-in of ${username} → ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

type Options = { password?: (username: string) => string; locale?: string };

/**
 * JSON calls for a journey's set-up and checks (the browser does the part under test): each user
 * signs in once; an answer over 299 throws with its body, so set-up never goes on half done.
 */
export function apiCaller(base: string | (() => string), opts: Options = {}) {
  // A server a file starts itself has its address only once its beforeAll has run.
  const root = typeof base === 'function' ? base : () => base;
  const tokens = new Map<string, Promise<string>>();
  const token = (as: string) => {
    if (!tokens.has(as)) tokens.set(as, signIn(root(), as, (opts.password ?? demoPassword)(as)));
    return tokens.get(as)!;
  };
  async function call(as: string, method: string, path: string, body?: unknown): Promise<any> {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${await token(as)}` };
    if (opts.locale) headers['x-locale'] = opts.locale;
    const r = await fetch(`${root()}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const j = await r.json();
    if (r.status >= 300) throw new Error(`${method} ${path} as ${as} → ${r.status} ${JSON.stringify(j)}`);
    return j;
  }
  /** An action on an order at the version it has now (read by the supervisor, who sees every order). */
  async function act(as: string, id: number, action: string, body: Record<string, unknown> = {}): Promise<any> {
    const o = await call('supervisor', 'GET', `/api/work-orders/${id}`);
    return call(as, 'POST', `/api/work-orders/${id}/${action.replaceAll('_', '-')}`, { version: o.version, ...body });
  }
  return { call, act };
}

/** The tracking secret the agent read out to the caller at intake (the hotline sees it on the order). */
export async function trackingSecretOf(baseUrl: string, orderId: number): Promise<string> {
  const order = await apiCaller(baseUrl).call('agent', 'GET', `/api/work-orders/${orderId}`);
  if (!order.trackingSecret) throw new Error(`order ${orderId} shows the agent no tracking secret`);
  return order.trackingSecret as string;
}
