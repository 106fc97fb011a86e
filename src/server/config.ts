import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SHAOBAO_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SHAOBAO_SEED: z.enum(['demo', 'none']).optional(),
  SHAOBAO_SWEEP_MS: z.coerce.number().int().min(100).default(15_000),
  /** Parallel workers one request's query may start (PostgreSQL's max_parallel_workers_per_gather). */
  SHAOBAO_PARALLEL_WORKERS: z.coerce.number().int().min(0).max(16).default(0),
  /** How long SIGTERM waits for requests in flight before closing their connections. */
  SHAOBAO_DRAIN_MS: z.coerce.number().int().min(0).default(20_000),
  SHAOBAO_SESSION_HOURS: z.coerce.number().positive().default(12),
  SHAOBAO_IDLE_MINUTES: z.coerce.number().positive().default(30),
  SHAOBAO_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SHAOBAO_LOG: z.enum(['json', 'silent']).default('json'),
  // Attachments: files under SHAOBAO_DATA_DIR/attachments unless a bucket is named.
  SHAOBAO_S3_BUCKET: z.string().min(1).optional(),
  SHAOBAO_S3_ENDPOINT: z.string().url().optional(),
  SHAOBAO_S3_REGION: z.string().min(1).default('us-east-1'),
  SHAOBAO_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  SHAOBAO_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // Where SMS and e-mail notifications go: `log` writes them to the log (development), `none` holds them.
  SHAOBAO_OUTBOUND_SENDER: z.enum(['log', 'none']).default('log'),
  // Public data (aggregates, the map without personal data, monthly notices): off unless switched on.
  SHAOBAO_PUBLIC_DATA: z.enum(['on', 'off']).default('off'),
});

export type Config = Omit<z.infer<typeof schema>, 'SHAOBAO_SEED'> & { SHAOBAO_SEED: 'demo' | 'none' };

/** Parsed once at start; a bad value stops the process with every problem listed at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...r.data, SHAOBAO_SEED: r.data.SHAOBAO_SEED ?? defaultSeed(r.data.DATABASE_URL, env.NODE_ENV) };
}

/** The demo city is the embedded default; a server database or a production start gets it only when asked for by name. */
function defaultSeed(databaseUrl: string | undefined, nodeEnv: string | undefined): 'demo' | 'none' {
  return databaseUrl || nodeEnv === 'production' ? 'none' : 'demo';
}
