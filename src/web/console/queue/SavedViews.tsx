import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { ErrorBox } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { queryClient, useApi } from '../../shared/query.tsx';

type View = { id: number; name: string; query: string };
const VIEWS = ['queue-views'];

/** A person's named views of the queue, kept on the server; choosing one opens the queue as saved. */
export function SavedViews({ current, onOpen }: { current: string; onOpen: (query: string) => void }) {
  const { t } = useI18n();
  const views = useApi<{ items: View[] }>(VIEWS, '/api/queue-views');
  const [name, setName] = useState('');
  const done = () => queryClient.invalidateQueries({ queryKey: VIEWS });
  const save = useMutation({ mutationFn: (v: { name: string; query: string }) => api('/api/queue-views', { method: 'PUT', body: v }), onSuccess: done }, queryClient);
  const remove = useMutation({ mutationFn: (id: number) => api(`/api/queue-views/${id}`, { method: 'DELETE' }), onSuccess: done }, queryClient);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) save.mutate({ name: name.trim(), query: current }, { onSuccess: () => setName('') });
  };
  const items = views.data?.items ?? [];
  return (
    <div className="saved-views" data-testid="saved-views">
      <span className="muted small">{t('inboxq.views')}：</span>
      {items.length === 0 && <span className="muted small">{t('inboxq.noViews')}</span>}
      {items.map((v) => (
        <span key={v.id} className="chip view-chip">
          <button type="button" className="link-button" aria-pressed={v.query === current} onClick={() => onOpen(v.query)} data-testid="view-open">
            {v.name}
          </button>
          <button type="button" aria-label={t('inboxq.deleteView', { name: v.name })} onClick={() => remove.mutate(v.id)}>
            ×
          </button>
        </span>
      ))}
      <form className="search" onSubmit={submit}>
        <input value={name} maxLength={50} onChange={(e) => setName(e.target.value)} placeholder={t('inboxq.viewName')} aria-label={t('inboxq.viewName')} data-testid="view-name" />
        <button type="submit" disabled={save.isPending || !name.trim()} data-testid="view-save">
          {t('inboxq.saveView')}
        </button>
      </form>
      <ErrorBox error={save.error ?? remove.error} />
    </div>
  );
}
