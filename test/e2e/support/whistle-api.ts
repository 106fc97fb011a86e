import { signIn } from './api.ts';

/** A signed-in API caller for the journeys' set-up and checks (the browser does the part under test). */
export async function apiAs(base: string, username: string) {
  const token = await signIn(base, username);
  return async (path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-locale': 'en' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
}
