import { isUncertain } from '../../shared/classification.ts';
import { useI18n } from '../shared/i18n.ts';
import type { OrderDetail } from '../shared/types.ts';

export type RecordedClassification = {
  modelVersion: number;
  proposed: string | null;
  path?: string[];
  confidence: number;
  uncertain?: boolean;
  accepted: boolean | null;
};

export function UncertainBadge() {
  const { t } = useI18n();
  return (
    <span className="badge warn" data-testid="uncertain" title={t('cls.uncertainHint')}>
      {t('cls.uncertain')}
    </span>
  );
}

/** The classifier's proposal recorded when the order was taken in, whatever channel it came through. */
export function classificationOf(o: OrderDetail): RecordedClassification | null {
  const e = o.events.find((x) => x.type === 'work_order.received');
  const c = e?.data?.classification as RecordedClassification | null | undefined;
  return c && typeof c.confidence === 'number' ? c : null;
}

/** One line on the order page: 分类建议 城乡建设 / 市容环境 · 72% · 模型 v3 — marked as a proposal, never as the category. */
export function ClassifierProposal({ order }: { order: OrderDetail }) {
  const { t } = useI18n();
  const c = classificationOf(order);
  if (!c) return null;
  const label = c.path?.length ? c.path.join(' / ') : (c.proposed ?? '—');
  return (
    <span className="classifier-proposal" data-testid="order-classifier-proposal" data-code={c.proposed ?? ''}>
      <span className="badge proposal">{t('cls.proposal')}</span> {label}{' '}
      <span className="muted small">
        {t('cls.confidence', { pct: Math.round(c.confidence * 100) })} · {t('cls.model', { v: c.modelVersion })}
      </span>{' '}
      {(c.uncertain ?? isUncertain(c.confidence)) && <UncertainBadge />}
    </span>
  );
}
