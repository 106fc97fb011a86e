import type { Queryable } from '../../db/client.ts';
import { hasRole, type Actor } from '../../lib/ctx.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { referenceValue } from '../../lib/reference-cache.ts';
import { orderTokens } from '../routing/duplicates/find-duplicates.ts';
import { TEMPLATES_CACHE_KEY } from './answer-template-commands.ts';
import { presentTemplate, type AnswerTemplate, type AnswerTemplateRow, type AnswerTemplateVersion, type TemplateSuggestion } from './answer-template-tables.ts';

/** The hotline answers inquiries; administrators keep the wording. Nobody else reads templates. */
export function requireTemplateReader(actor: Actor): void {
  if (!hasRole(actor, 'intake_agent', 'dispatcher', 'hotline_supervisor', 'admin')) {
    throw forbidden('Answer templates are for the hotline and administrators.', '答复模板仅供热线工作人员和管理员使用。');
  }
}

type Indexed = { template: AnswerTemplate; tokens: Set<string> };

// Tens of templates, read on every pause in typing: tokenised once, dropped when one is edited.
function activeTemplates(q: Queryable): Promise<Indexed[]> {
  return referenceValue(q, TEMPLATES_CACHE_KEY, async () =>
    (await q.query<AnswerTemplateRow>('select * from answer_templates where active order by id')).rows.map((r) => ({
      template: presentTemplate(r),
      tokens: new Set(orderTokens(r.title, r.body)),
    })),
  );
}

/** Active templates for the hotline; inactive ones too for administrators who ask for them. */
export async function listAnswerTemplates(q: Queryable, actor: Actor, includeInactive: boolean): Promise<AnswerTemplate[]> {
  requireTemplateReader(actor);
  const all = includeInactive && hasRole(actor, 'admin');
  const r = await q.query<AnswerTemplateRow>(`select * from answer_templates ${all ? '' : 'where active'} order by id`);
  return r.rows.map(presentTemplate);
}

export async function answerTemplateHistory(q: Queryable, actor: Actor, id: number): Promise<AnswerTemplateVersion[]> {
  requireTemplateReader(actor);
  const found = await q.query<{ active: boolean }>('select active from answer_templates where id = $1', [id]);
  if (!found.rows[0] || (!found.rows[0].active && !hasRole(actor, 'admin'))) throw notFound('answer template', id);
  const r = await q.query<{ version: number; title: string; body: string; categories: string[]; active: boolean; changed_at: Date; changed_by: string | null }>(
    `select v.version, v.title, v.body, v.categories, v.active, v.changed_at, u.display_name as changed_by
       from answer_template_versions v left join users u on u.id = v.changed_by
      where v.template_id = $1 order by v.version desc`,
    [id],
  );
  return r.rows.map((v) => ({ version: v.version, title: v.title, body: v.body, categories: v.categories, active: v.active, changedAt: new Date(v.changed_at).toISOString(), changedBy: v.changed_by }));
}

/** A code covers its sub-categories: a template for 15 (劳动和社会保障) answers 15.02.01 too. */
export const covers = (templateCode: string, code: string) => code === templateCode || code.startsWith(`${templateCode}.`);

// Two shared content words make a topic (居住证 + 办理); one (办理, 小区) is everywhere.
export const MIN_SHARED_WORDS = 2;
const MAX_SUGGESTIONS = 5;

/** Pure ranking, unit-tested: the category match first, then the words shared with the request. */
export function rankTemplates(items: Indexed[], requestTokens: string[], categoryCode: string | null): TemplateSuggestion[] {
  const out: TemplateSuggestion[] = [];
  for (const { template, tokens } of items) {
    const byCategory = !!categoryCode && template.categories.some((c) => covers(c, categoryCode));
    const sharedWords = [...new Set(requestTokens.filter((w) => tokens.has(w)))];
    if (!byCategory && sharedWords.length < MIN_SHARED_WORDS) continue;
    const score = (byCategory ? 0.6 : 0) + 0.4 * Math.min(1, sharedWords.length / 4);
    out.push({ ...template, score: Math.round(score * 100) / 100, byCategory, sharedWords });
  }
  return out.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, MAX_SUGGESTIONS);
}

export async function suggestAnswerTemplates(q: Queryable, actor: Actor, input: { title: string; text: string; categoryCode?: string }): Promise<TemplateSuggestion[]> {
  requireTemplateReader(actor);
  return rankTemplates(await activeTemplates(q), orderTokens(input.title, input.text), input.categoryCode ?? null);
}
