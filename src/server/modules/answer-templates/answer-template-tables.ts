/** Rows of the answer-template tables (migration 0021), declared once. */
export type AnswerTemplateRow = {
  id: number;
  title: string;
  body: string;
  categories: string[];
  active: boolean;
  version: number;
  updated_at: Date;
  updated_by: number | null;
};

export type AnswerTemplateVersionRow = {
  template_id: number;
  version: number;
  title: string;
  body: string;
  categories: string[];
  active: boolean;
  changed_at: Date;
  changed_by: number | null;
};

/** As the API sends them (camelCase). */
export type AnswerTemplate = { id: number; title: string; body: string; categories: string[]; active: boolean; version: number; updatedAt: string };
export type AnswerTemplateVersion = { version: number; title: string; body: string; categories: string[]; active: boolean; changedAt: string; changedBy: string | null };
export type TemplateSuggestion = AnswerTemplate & { score: number; byCategory: boolean; sharedWords: string[] };

export function presentTemplate(r: AnswerTemplateRow): AnswerTemplate {
  return { id: r.id, title: r.title, body: r.body, categories: r.categories, active: r.active, version: r.version, updatedAt: new Date(r.updated_at).toISOString() };
}
