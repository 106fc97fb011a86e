import fs from 'node:fs';
import type { Db } from '../../db/client.ts';
import { invalidateReference } from '../../lib/reference-cache.ts';
import { TEMPLATES_CACHE_KEY } from './answer-template-commands.ts';

type Seed = { title: string; body: string; categories: string[]; active: boolean };

export function loadDemoAnswerTemplates(): Seed[] {
  return JSON.parse(fs.readFileSync(new URL('../../../../seed/demo-city/answer-templates.json', import.meta.url), 'utf8')) as Seed[];
}

/**
 * The demo city's answer templates (seed/demo-city/answer-templates.json), written once: only into
 * an empty table, so templates edited or retired by an administrator are never brought back.
 */
export async function seedAnswerTemplates(db: Db, at: Date, seeds: Seed[] = loadDemoAnswerTemplates()): Promise<number> {
  const n = await db.transaction(async (tx) => {
    await tx.query('lock table answer_templates in share row exclusive mode');
    const r = await tx.query<{ id: number }>(
      `with t as (
         insert into answer_templates(title, body, categories, active, version, updated_at)
         select r.title, r.body, r.categories, r.active, 1, $2 from jsonb_to_recordset($1::jsonb) as r(title text, body text, categories text[], active boolean, ord int)
          where not exists (select 1 from answer_templates) order by r.ord
         returning *),
       v as (insert into answer_template_versions(template_id, version, title, body, categories, active, changed_at)
             select id, version, title, body, categories, active, updated_at from t)
       select id from t`,
      [JSON.stringify(seeds.map((s, i) => ({ ...s, ord: i + 1 }))), at],
    );
    return r.rows.length;
  });
  if (n) await invalidateReference(db, TEMPLATES_CACHE_KEY);
  return n;
}
