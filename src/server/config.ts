import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  SHAOBAO_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SHAOBAO_SEED: z.enum(['demo', 'none']).default('demo'),
  SHAOBAO_SWEEP_MS: z.coerce.number().int().min(100).default(15_000),
  SHAOBAO_SESSION_HOURS: z.coerce.number().positive().default(12),
  SHAOBAO_LOG: z.enum(['json', 'silent']).default('json'),
  // Where SMS and e-mail notifications go: `log` writes them to the log (development), `none` holds them.
  SHAOBAO_OUTBOUND_SENDER: z.enum(['log', 'none']).default('log'),
});

export type Config = z.infer<typeof schema>;

/** Parsed once at start; a bad value stops the process with every problem listed at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}
