import { useQuery } from '@tanstack/react-query';
import type { TemplateSuggestion } from '../../../server/modules/answer-templates/answer-template-tables.ts';
import { api } from '../../shared/api.ts';
import { Field } from '../../shared/components.tsx';
import { getLocale, useI18n } from '../../shared/i18n.ts';
import { queryClient, useDebounced } from '../../shared/query.tsx';

type Props = { title: string; text: string; categoryCode: string; inquiry: boolean; answer: string; onAnswer: (a: string) => void };

/** Templates matching the request as typed, by its category and by the words it shares with them. */
function useTemplateSuggestions(title: string, text: string, categoryCode: string) {
  const body = JSON.stringify({ title: title.trim(), text: text.trim(), ...(categoryCode ? { categoryCode } : {}) });
  const settled = useDebounced(body, 400);
  const asked = !!(title.trim() || text.trim());
  return useQuery<{ items: TemplateSuggestion[] }>(
    {
      queryKey: ['answer-templates', 'suggest', settled, getLocale()],
      queryFn: ({ signal }) => api('/api/answer-templates/suggest', { body: JSON.parse(settled), signal }),
      enabled: asked,
      placeholderData: (prev) => prev,
      staleTime: 60_000,
    },
    queryClient,
  );
}

/**
 * 答复模板: shown for an inquiry, or when a template answers the request's category. One click puts
 * the template's text into the answer, where the agent adapts it before anything is sent.
 */
export function AnswerTemplates(p: Props) {
  const { t } = useI18n();
  const q = useTemplateSuggestions(p.title, p.text, p.categoryCode);
  const items = q.data?.items ?? [];
  if (!p.inquiry && !items.some((i) => i.byCategory)) return null;
  const insert = (body: string) => p.onAnswer(p.answer.trim() ? `${p.answer.trimEnd()}\n${body}` : body);
  return (
    <fieldset className="answer-templates" data-testid="answer-templates">
      <legend>{t('at.title')}</legend>
      <p className="muted small">{t('at.hint')}</p>
      {items.length === 0 ? (
        <p className="muted small" data-testid="answer-templates-none">{t('at.none')}</p>
      ) : (
        <ul className="template-list">
          {items.map((i) => (
            <li key={i.id} data-testid="answer-template" data-id={i.id}>
              <div>
                <strong>{i.title}</strong>{' '}
                <span className="muted small">
                  {i.byCategory && `${t('at.byCategory')} `}
                  {i.sharedWords.length > 0 && t('at.words', { words: i.sharedWords.join('、') })}
                </span>
              </div>
              <p className="small template-body">{i.body}</p>
              <button type="button" className="small-button" onClick={() => insert(i.body)} data-testid="answer-template-insert">
                {t('at.insert')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <Field label={t('at.answer')}>
        <textarea rows={5} value={p.answer} maxLength={5000} onChange={(e) => p.onAnswer(e.target.value)} data-testid="intake-answer" />
      </Field>
    </fieldset>
  );
}
