import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading, Notice } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { navigate, useLocation } from '../../shared/router.ts';
import { LIST_STATUS_LABELS } from '../../shared/routing-labels.ts';
import type { TaxonomyVersion } from '../../shared/routing-types.ts';
import { hasRole } from '../../shared/session.tsx';
import { forgetTaxonomy, loadTaxonomy } from '../../shared/taxonomy.ts';
import type { Me } from '../../shared/types.ts';
import { ConfirmButton, useLoad } from './ref-common.tsx';
import { TaxonomyTree } from './taxonomy-tree.tsx';

/** 分类目录: the category tree in force, its versions, and for administrators a draft to edit and publish. */
export function TaxonomyPage({ me }: { me: Me }) {
  const { t, L, locale } = useI18n();
  const { query } = useLocation();
  const admin = hasRole(me, 'admin');
  const versions = useLoad(() => api<{ items: TaxonomyVersion[] }>('/api/taxonomy/versions').then((r) => r.items), 'versions');
  const list = versions.data ?? [];
  const draft = list.find((v) => v.status === 'draft');
  const chosenId = Number(query.get('v')) || list.find((v) => v.status === 'active')?.id || list[0]?.id || 0;
  const chosen = list.find((v) => v.id === chosenId) ?? null;
  const isDraft = chosen?.status === 'draft';
  const tree = useLoad(() => (chosenId ? loadTaxonomy(chosenId, isDraft) : Promise.resolve(null)), `${chosenId}:${isDraft}`);
  const [draftName, setDraftName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const show = (id: number) => navigate(`/console/taxonomy?v=${id}`, { replace: true });

  const createDraft = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const next = (list[0]?.version ?? 0) + 1;
      const v = await api<{ id: number }>('/api/taxonomy/versions', { body: { name: draftName.trim() || t('tax.draftDefault', { n: next }) } });
      await versions.reload();
      show(v.id);
    } catch (err) {
      setError(err);
    }
  };

  const publish = async () => {
    setError(null);
    try {
      await api(`/api/taxonomy/versions/${chosenId}/publish`, { method: 'POST' });
      forgetTaxonomy();
      setNotice(t('tax.published', { name: chosen?.name ?? '' }));
      await versions.reload();
      await tree.reload();
    } catch (err) {
      setError(err);
    }
  };

  if (versions.error && !versions.data) return <ErrorBox error={versions.error} />;
  if (!versions.data) return <Loading />;

  return (
    <div data-testid="taxonomy-page">
      <h1>{t('nav.taxonomy')}</h1>
      {notice && <Notice>{notice}</Notice>}
      <Card
        title={t('tax.versions')}
        actions={
          <select value={chosenId} onChange={(e) => show(Number(e.target.value))} aria-label={t('tax.versions')} data-testid="tax-version">
            {list.map((v) => (
              <option key={v.id} value={v.id}>
                {t('ref.versionN', { v: v.version })} · {v.name} · {L(LIST_STATUS_LABELS, v.status)}
              </option>
            ))}
          </select>
        }
      >
        {chosen && (
          <p className="version-line">
            <span className={`badge list-${chosen.status}`} data-testid="tax-status" data-status={chosen.status}>
              {L(LIST_STATUS_LABELS, chosen.status)}
            </span>{' '}
            <strong>{chosen.name}</strong>{' '}
            <span className="muted small">
              {t('tax.count', { n: chosen.categories })}
              {chosen.valid_from && ` · ${t('ref.validFrom')} ${formatDateTime(chosen.valid_from, locale)}`}
            </span>
          </p>
        )}
        {chosen?.note && <p className="muted small">{chosen.note}</p>}
        <ErrorBox error={error} />
        {admin && !draft && (
          <form className="toolbar" onSubmit={createDraft} aria-label={t('tax.newDraft')}>
            <Field label={t('tax.draftName')} hint={t('tax.draftHint')}>
              <input value={draftName} maxLength={100} placeholder={t('tax.draftDefault', { n: (list[0]?.version ?? 0) + 1 })} onChange={(e) => setDraftName(e.target.value)} data-testid="tax-draft-name" />
            </Field>
            <button type="submit" className="align-end" data-testid="tax-new-draft">
              {t('tax.newDraft')}
            </button>
          </form>
        )}
        {admin && draft && !isDraft && (
          <p className="small">
            {t('tax.draftOpen', { name: draft.name })}{' '}
            <button type="button" className="link-button" onClick={() => show(draft.id)} data-testid="tax-open-draft">
              {t('tax.openDraft')}
            </button>
          </p>
        )}
        {admin && isDraft && (
          <div className="buttons">
            <span className="small muted">{t('tax.publishHint')}</span>
            <ConfirmButton label={t('tax.publish')} confirmLabel={t('tax.publishConfirm')} onConfirm={publish} testid="tax-publish" primary />
          </div>
        )}
      </Card>
      <Card title={t('tax.tree')}>
        <ErrorBox error={tree.error} />
        {tree.data ? <TaxonomyTree items={tree.data.items} versionId={chosenId} editable={admin && isDraft} onChanged={async () => {
          await tree.reload();
          await versions.reload();
        }} /> : !tree.error && <Loading />}
      </Card>
    </div>
  );
}
