import { useMutation } from '@tanstack/react-query';
import type { Calibration } from '../../../server/modules/routing/classify/calibrate-classifier.ts';
import type { ModelInfo } from '../../../server/modules/routing/classify/classifier-store.ts';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Loading, Notice } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { queryClient, useApi } from '../../shared/query.tsx';
import { hasRole, useSession } from '../../shared/session.tsx';
import { TableBox } from '../../shared/table-box.tsx';

type Metrics = { classes?: Record<string, number>; trainSeconds?: number; calibration?: Calibration | null };
type Model = Omit<ModelInfo, 'trainedAt' | 'metrics'> & { trainedAt: string; metrics: Metrics };

const KEY = ['classifier-models'];
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`);

/**
 * 诉求分类模型: every trained version with the figures measured on held-out texts, the active one
 * marked; an administrator retrains from the categories dispatchers accepted or corrected.
 */
export function ClassifierModelsPage() {
  const { t, locale } = useI18n();
  const canRetrain = hasRole(useSession().me, 'admin');
  const list = useApi<{ items: Model[] }>(KEY, '/api/classifier/models');
  const retrain = useMutation(
    {
      mutationFn: () => api<Model>('/api/classifier/retrain', { method: 'POST' }),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
    },
    queryClient,
  );
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const items = list.data.items;
  const active = items.find((m) => m.task === 'category' && m.active);
  const sourceText = (s: string) => (s === 'orders' ? t('aref.source.orders') : s);

  return (
    <div className="admin-page" data-testid="classifier-page">
      <Card title={t('aref.models')}>
        <p data-testid="cls-active">{active ? t('aref.activeModel', { version: active.version, when: formatDateTime(active.trainedAt, locale), n: active.n }) : t('aref.noModel')}</p>
        {canRetrain && (
          <>
            <p className="muted small">{t('aref.retrainHint')}</p>
            <ErrorBox error={retrain.error} />
            {retrain.data && <Notice>{t('aref.retrained', { version: retrain.data.version, n: retrain.data.n, seconds: retrain.data.metrics.trainSeconds ?? '—' })}</Notice>}
            <div className="buttons">
              <button type="button" className="primary" disabled={retrain.isPending} onClick={() => retrain.mutate()} data-testid="cls-retrain">
                {retrain.isPending ? t('aref.retraining') : t('aref.retrain')}
              </button>
            </div>
          </>
        )}
      </Card>
      <Card title={t('aref.history')}>
        <TableBox label={t('aref.history')}>
          <table className="table" data-testid="cls-models">
            <thead>
              <tr>
                <th>{t('aref.task')}</th>
                <th>{t('admin.version')}</th>
                <th>{t('aref.trainedAt')}</th>
                <th>{t('aref.source')}</th>
                <th>{t('aref.texts')}</th>
                <th>{t('aref.classes')}</th>
                <th>{t('aref.heldOut')}</th>
                <th>{t('aref.confidence')}</th>
                <th>{t('aref.uncertain')}</th>
                <th>{t('aref.certainAcc')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => {
                const c = m.metrics.calibration;
                return (
                  <tr key={m.id} data-testid="cls-model" className={m.active ? 'selected' : undefined}>
                    <td>{t(`aref.task.${m.task}` as MsgKey)}</td>
                    <td className="nowrap">
                      v{m.version}
                      {m.active && <strong> · {t('aref.active')}</strong>}
                    </td>
                    <td className="nowrap">{formatDateTime(m.trainedAt, locale)}</td>
                    <td>{sourceText(m.source)}</td>
                    <td>{m.n}</td>
                    <td>{m.metrics.classes ? Object.keys(m.metrics.classes).length : '—'}</td>
                    {c ? (
                      <>
                        <td>{pct(c.accuracy)}</td>
                        <td>{pct(c.meanConfidence)}</td>
                        <td>{pct(c.uncertainShare)}</td>
                        <td>{pct(c.accuracyWhenCertain)}</td>
                      </>
                    ) : (
                      <td colSpan={4} className="muted small">
                        {t('aref.noCalibration')}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableBox>
      </Card>
    </div>
  );
}
