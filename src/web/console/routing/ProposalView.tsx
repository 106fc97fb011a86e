import { KV } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { DUTY_ROLE_LABELS, ENTRY_BASIS_LABELS, LIST_KIND_LABELS, TARGET_LABELS } from '../../shared/routing-labels.ts';
import type { DutyItemRef, EntryResult, RecordedProposal, RoutingProposal } from '../../shared/routing-types.ts';

/** A proposal as shown: the live one from /api/routing/propose and the summary dispatch recorded look alike. */
export type ProposalLike = {
  lead: string;
  co: string[];
  target: string | null;
  rule: { id: number; name: string } | null;
  dutyItem: DutyItemRef | null;
  entry: EntryResult | null;
  explanation: string;
  explanationEn: string | null;
};

export function fromProposal(p: RoutingProposal): ProposalLike {
  return {
    lead: p.leadUnit.name,
    co: p.coHandlers.map((u) => u.name),
    target: p.target,
    rule: p.rule,
    dutyItem: p.dutyItem,
    entry: p.entry,
    explanation: p.explanation,
    explanationEn: p.explanationEn,
  };
}

export function fromRecorded(p: RecordedProposal, unitName: (id: number) => string): ProposalLike {
  return {
    lead: p.leadUnitName,
    co: p.coHandlerUnitIds.map(unitName),
    target: p.target,
    rule: p.ruleId === null ? null : { id: p.ruleId, name: p.ruleName ?? '' },
    dutyItem: p.dutyItem,
    entry: null,
    explanation: p.explanation,
    explanationEn: p.explanationEn ?? null,
  };
}

export function DutyItemLine({ item }: { item: DutyItemRef }) {
  const { t, L } = useI18n();
  const dept = item.leadDepartment?.name ?? item.leadDepartmentCode;
  return (
    <span className="duty-item" data-testid="duty-item" data-code={item.code}>
      <span className="code-tag">{item.code}</span> <span className="badge">{L(DUTY_ROLE_LABELS, item.role)}</span>{' '}
      <span className="muted small">
        {L(LIST_KIND_LABELS, item.listKind)} {t('ref.versionN', { v: item.listVersion })} · {item.block}
      </span>
      <br />
      {item.text}
      {dept && (
        <span className="muted small">
          {' '}
          · {t('prop.leadDept')}: {dept}
        </span>
      )}
      {item.legalBasis && <span className="legal small muted">{item.legalBasis}</span>}
    </span>
  );
}

/** Lead unit, co-handlers, the rule and the duty item behind them, and the explanation in the user's language. */
export function ProposalView({ p, testid = 'proposal' }: { p: ProposalLike; testid?: string }) {
  const { t, L, locale } = useI18n();
  const entryRefused = p.entry && !p.entry.allowed;
  return (
    <div className="proposal" data-testid={testid}>
      <KV
        items={[
          [t('prop.lead'), <strong key="l">{p.lead}</strong>, `${testid}-lead`],
          [t('prop.co'), p.co.length ? p.co.join(locale === 'en' ? ', ' : '、') : t('common.none'), `${testid}-co`],
          [t('prop.target'), p.target ? L(TARGET_LABELS, p.target) : null],
          [t('prop.rule'), p.rule ? `#${p.rule.id} ${p.rule.name}` : t('prop.noRule'), `${testid}-rule`],
        ]}
      />
      <div className="kv-row block-row">
        <span className="muted">{t('prop.dutyItem')}</span>
        <span data-testid={`${testid}-duty`}>{p.dutyItem ? <DutyItemLine item={p.dutyItem} /> : t('prop.noDutyItem')}</span>
      </div>
      {p.entry && (
        <p className={`small ${entryRefused ? 'warn-text' : 'muted'}`} data-testid={`${testid}-entry`}>
          {t('prop.entry')}: {p.entry.allowed ? `${t('prop.entryOk')}（${L(ENTRY_BASIS_LABELS, p.entry.basis ?? '')}）` : locale === 'en' ? p.entry.reason : p.entry.reasonZh}
        </p>
      )}
      <p className="explanation small" data-testid={`${testid}-explanation`}>
        {locale === 'en' && p.explanationEn ? p.explanationEn : p.explanation}
      </p>
    </div>
  );
}
