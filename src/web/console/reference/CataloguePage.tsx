import { useState, type FormEvent } from 'react';
import { REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../../../shared/labels.ts';
import { api, qs } from '../../shared/api.ts';
import { CategoryPicker } from '../../shared/category-picker.tsx';
import { Card, ErrorBox, Field, Loading } from '../../shared/components.tsx';
import { formatDate } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { LocationSelect, type LocationValue } from '../../shared/location-select.tsx';
import { RULE_STATE_LABELS, TARGET_LABELS } from '../../shared/routing-labels.ts';
import type { DispatchRule, RoutingProposal } from '../../shared/routing-types.ts';
import { pathLabel, useActiveTaxonomy } from '../../shared/taxonomy.ts';
import { fromProposal, ProposalView } from '../routing/ProposalView.tsx';
import { useLoad } from './ref-common.tsx';
import { TableBox } from '../../shared/table-box.tsx';

const STATES = ['current', 'future', 'expired', 'all'];

/** 派单目录: the written rules with their validity, and a trial of the proposal for a category and place. */
export function CataloguePage() {
  const { t, L, locale } = useI18n();
  const [state, setState] = useState('current');
  const rules = useLoad(() => api<{ items: DispatchRule[] }>(`/api/dispatch-rules${qs({ status: state })}`).then((r) => r.items), state);
  const tax = useActiveTaxonomy();
  const cat = (code: string | null) => (code ? (tax ? `${pathLabel(tax.byCode, code, locale)}（${code}）` : code) : t('rules.anyCategory'));

  return (
    <div data-testid="catalogue-page">
      <h1>{t('nav.catalogue')}</h1>
      <p className="muted">{t('rules.intro')}</p>
      <TrialForm />
      <Card
        title={t('rules.title')}
        actions={
          <select value={state} onChange={(e) => setState(e.target.value)} aria-label={t('rules.state')} data-testid="rules-state">
            {STATES.map((s) => (
              <option key={s} value={s}>
                {L(RULE_STATE_LABELS, s)}
              </option>
            ))}
          </select>
        }
        testid="rules"
      >
        <ErrorBox error={rules.error} />
        {!rules.data && !rules.error && <Loading />}
        {rules.data && rules.data.length === 0 && <p className="empty">{t('rules.none')}</p>}
        {rules.data && rules.data.length > 0 && (
          <TableBox label={t('nav.catalogue')}>
            <table className="table compact">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('rules.name')}</th>
                  <th>{t('order.category')}</th>
                  <th>{t('rules.scope')}</th>
                  <th>{t('prop.target')}</th>
                  <th>{t('prop.lead')}</th>
                  <th>{t('rules.priority')}</th>
                  <th>{t('ref.validity')}</th>
                </tr>
              </thead>
              <tbody>
                {rules.data.map((r) => (
                  <tr key={r.id} data-testid="rule-row">
                    <td>{r.id}</td>
                    <td>
                      {r.name}
                      {r.note && <div className="muted small">{r.note}</div>}
                    </td>
                    <td>{cat(r.category_code)}</td>
                    <td className="small">
                      {[r.place_unit_name ?? t('rules.anywhere'), r.request_type && L(REQUEST_TYPE_LABELS, r.request_type), r.urgency && L(URGENCY_LABELS, r.urgency)].filter(Boolean).join(' · ')}
                    </td>
                    <td>{L(TARGET_LABELS, r.target)}</td>
                    <td className="small">
                      {r.lead_unit_name ?? '—'}
                      {r.co_handler_unit_ids.length > 0 && ` ${t('rules.plusCo', { n: r.co_handler_unit_ids.length })}`}
                      {r.street_co_handles && ` ${t('rules.streetCo')}`}
                      {r.duty_item_code && <div className="muted">{t('prop.dutyItem')} {r.duty_item_code}</div>}
                    </td>
                    <td>{r.priority}</td>
                    <td className="nowrap small">
                      <span className="badge">{L(RULE_STATE_LABELS, r.state)}</span> {formatDate(r.valid_from, locale)} – {r.valid_to ? formatDate(r.valid_to, locale) : t('ref.open')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        )}
      </Card>
    </div>
  );
}

/** 试算: what the catalogue would propose for a category in a street, with the rule and duty item. */
function TrialForm() {
  const { t, L } = useI18n();
  const [category, setCategory] = useState('');
  const [loc, setLoc] = useState<LocationValue>({ address: '' });
  const [requestType, setRequestType] = useState('');
  const [urgency, setUrgency] = useState('');
  const [result, setResult] = useState<RoutingProposal | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await api<RoutingProposal>(`/api/routing/propose${qs({ categoryCode: category, streetId: loc.streetId, requestType, urgency })}`));
    } catch (err) {
      setResult(null);
      setError(err);
    }
  };

  const opt = (table: Record<string, { zh: string; en: string }>) => [
    <option key="" value="">
      {t('rules.any')}
    </option>,
    ...Object.keys(table).map((k) => (
      <option key={k} value={k}>
        {L(table, k)}
      </option>
    )),
  ];

  return (
    <Card title={t('rules.trial')} testid="trial">
      <form className="form" onSubmit={run} aria-label={t('rules.trial')}>
        <CategoryPicker label={t('order.category')} value={category} onChange={setCategory} testid="trial-category" />
        <LocationSelect value={loc} onChange={setLoc} showGrid={false} showAddress={false} />
        <div className="row">
          <Field label={t('order.requestType')}>
            <select value={requestType} onChange={(e) => setRequestType(e.target.value)} data-testid="trial-type">
              {opt(REQUEST_TYPE_LABELS)}
            </select>
          </Field>
          <Field label={t('order.urgency')}>
            <select value={urgency} onChange={(e) => setUrgency(e.target.value)} data-testid="trial-urgency">
              {opt(URGENCY_LABELS)}
            </select>
          </Field>
        </div>
        <div className="buttons">
          <button type="submit" className="primary" data-testid="trial-run">
            {t('rules.run')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {result && <ProposalView p={fromProposal(result)} testid="trial-result" />}
    </Card>
  );
}
