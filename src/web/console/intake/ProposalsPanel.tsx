import { REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../../../shared/labels.ts';
import { CategoryPicker } from '../../shared/category-picker.tsx';
import { Card, ErrorBox } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import type { DuplicateHit, Suggestion } from '../../shared/routing-types.ts';
import { fromProposal, ProposalView } from '../routing/ProposalView.tsx';
import type { LocationValue } from '../../shared/location-select.tsx';
import { TextPlaceProposal } from './TextPlaceProposal.tsx';
import { CategoryChoices, Duplicates, Highlighted, PlaceResolution, SignalRow } from './proposal-parts.tsx';

type Props = {
  data: Suggestion | null;
  loading: boolean;
  error: unknown;
  title: string;
  text: string;
  category: string;
  requestType: string;
  urgency: string;
  onCategory: (code: string) => void;
  onAdopt: (field: 'requestType' | 'urgency', value: string) => void;
  onPlacePin: () => void;
  loc: LocationValue;
  onPlace: (v: LocationValue) => void;
  canMerge: boolean;
  busy: boolean;
  onMerge: (d: DuplicateHit) => void;
};

/** What the platform proposes for the request being typed; nothing here acts until the agent clicks. */
export function ProposalsPanel(p: Props) {
  const { t } = useI18n();
  const d = p.data;
  const status = p.loading ? t('sug.thinking') : d ? (d.classification.model ? t('sug.modelV', { v: d.classification.model.version }) : t('sug.noModelShort')) : '';
  return (
    <Card title={t('sug.title')} actions={<span className="muted small" aria-live="polite">{status}</span>} testid="proposals">
      {!d && !p.error && <p className="muted">{t('sug.empty')}</p>}
      <ErrorBox error={p.error} />
      {d && (
        <div className="proposal-sections" aria-busy={p.loading}>
          <section>
            <h3>{t('sug.category')}</h3>
            <CategoryChoices items={d.classification.categories} chosen={p.category} onChoose={p.onCategory} />
            <CategoryPicker label={t('sug.chooseOther')} value={p.category} onChange={p.onCategory} testid="intake-category" />
            {!p.category && d.categoryCode && <p className="muted small">{t('sug.topUsed')}</p>}
          </section>
          {d.classification.highlights.length > 0 && (
            <section>
              <h3>{t('sug.keywords')}</h3>
              <p className="highlighted" data-testid="proposal-highlights">
                <strong>
                  <Highlighted text={p.title} terms={d.classification.highlights.map((h) => h.term)} />
                </strong>
                <br />
                <Highlighted text={p.text} terms={d.classification.highlights.map((h) => h.term)} />
              </p>
            </section>
          )}
          <section>
            <h3>{t('sug.typeUrgency')}</h3>
            <SignalRow
              label={t('order.requestType')}
              signal={d.classification.requestType}
              table={REQUEST_TYPE_LABELS}
              current={p.requestType}
              onAdopt={() => p.onAdopt('requestType', d.classification.requestType.value)}
              testid="proposal-requestType"
            />
            <SignalRow
              label={t('order.urgency')}
              signal={d.classification.urgency}
              table={URGENCY_LABELS}
              current={p.urgency}
              onAdopt={() => p.onAdopt('urgency', d.classification.urgency.value)}
              testid="proposal-urgency"
            />
          </section>
          <section>
            <h3>{t('sug.place')}</h3>
            <PlaceResolution place={d.place} onPlacePin={p.onPlacePin} />
            <TextPlaceProposal tp={d.textPlace} loc={p.loc} onAdopt={p.onPlace} />
          </section>
          <section>
            <h3>{t('sug.routing')}</h3>
            {d.routing ? <ProposalView p={fromProposal(d.routing)} testid="proposal-routing" /> : <p className="muted small">{t('sug.noRouting')}</p>}
          </section>
          <section>
            <h3>{t('sug.duplicates')}</h3>
            <Duplicates items={d.duplicates} canMerge={p.canMerge} busy={p.busy} onMerge={p.onMerge} />
          </section>
        </div>
      )}
    </Card>
  );
}
