import type { TestApp } from './test-app.ts';

/** The operations of the app's own OpenAPI document, with what a request for each needs. */
export type Op = {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }[];
  body: Schema | null;
  bodyRequired: boolean;
};

export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  default?: unknown;
  $ref?: string;
};

export async function listOperations(t: TestApp): Promise<Op[]> {
  const doc = (await t.get('/api/openapi.json')).body as {
    paths: Record<string, Record<string, { parameters?: Op['params']; requestBody?: { required?: boolean; content?: Record<string, { schema: Schema }> } }>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const refs = doc.components?.schemas ?? {};
  const deref = (s: Schema | undefined): Schema | undefined => (s?.$ref ? deref(refs[s.$ref.split('/').pop()!]) : s);
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p) => ({ ...p, schema: deref(p.schema) ?? {} })),
        body: deref(op.requestBody?.content?.['application/json']?.schema) ?? null,
        bodyRequired: !!op.requestBody?.required,
      });
    }
  }
  return ops.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** The path with its parameters filled in. */
export function fillPath(op: Op, values: Record<string, string | number>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name] ?? 1)));
}

/** A plausible value for a schema: enough for many requests to pass validation, so authorisation is what answers. */
export function example(s: Schema | undefined, refs: (s: Schema | undefined) => Schema | undefined = (x) => x, depth = 0): unknown {
  s = refs(s);
  if (!s || depth > 6) return undefined;
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return example(alt.find((x) => x.type !== 'null') ?? alt[0], refs, depth + 1);
  if (s.allOf) return example(s.allOf[0], refs, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const k of s.required ?? []) o[k] = example(s.properties?.[k], refs, depth + 1);
      return o;
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'date-time') return '2026-03-03T00:00:00Z';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    default:
      return undefined;
  }
}

/** Row counts and highest ids of every table, to prove a burst of requests changed nothing. */
export async function stateDigest(t: TestApp, skip: string[]): Promise<Record<string, string>> {
  const tables = (await t.db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )).rows.map((r) => r.table_name).filter((n) => !skip.includes(n));
  const out: Record<string, string> = {};
  for (const name of tables) {
    const cols = (await t.db.query<{ column_name: string }>(`select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`, [name])).rows.map((c) => c.column_name);
    const versioned = ['version', 'updated_at', 'status', 'fired_at', 'active', 'valid_to'].filter((c) => cols.includes(c));
    const parts = [`count(*)::text`, cols.includes('id') ? `coalesce(max(id)::text, '-')` : `'-'`, ...versioned.map((c) => `md5(coalesce(string_agg(${c}::text, ',' order by ${cols.includes('id') ? 'id' : c}), ''))`)];
    const r = await t.db.query<{ d: string }>(`select concat_ws('|', ${parts.join(', ')}) as d from "${name}"`);
    out[name] = r.rows[0].d;
  }
  return out;
}
