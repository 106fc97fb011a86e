import { useCallback, useEffect, useState } from 'react';
import { TableBox } from '../../shared/table-box.tsx';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, KV, Loading, Notice } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { Link } from '../../shared/router.ts';
import { ReportInChips } from './WhistleBoard.tsx';
import { WhistleActionForm } from './whistle-action-forms.tsx';
import { useW } from './whistle-messages.ts';
import type { ReportIn, WhistleDetail } from './whistle-types.ts';
import { WhistlePhotos } from './whistle-photos.tsx';
import './whistles.css';

const EVENT_ZH: Record<string, [string, string]> = {
  'whistle.blown': ['吹哨', 'Blown'], 'whistle.unit_summoned': ['召集', 'Summoned'], 'whistle.reported_in': ['报到', 'Reported in'],
  'whistle.report_in_reminded': ['报到提醒', 'Reminder'], 'whistle.report_in_late': ['报到超时', 'Late'], 'whistle.action_recorded': ['记录处置', 'Action'],
  'whistle.unit_released': ['解除召集', 'Released'], 'whistle.escalated': ['提级至区', 'Escalated'], 'whistle.closed': ['结哨', 'Closed'],
  'whistle.rated': ['评价', 'Rated'], 'whistle.rating_contested': ['申诉', 'Contested'], 'whistle.rating_decided': ['裁定', 'Decided'],
};

/** 双报到: each leader post of the district's summons, with who came and when, or that it is still awaited. */
function LeaderPosts({ leaders }: { leaders: NonNullable<ReportIn['leaders']> }) {
  const { w, l, locale } = useW();
  return (
    <ul className="leader-posts" data-testid="leader-posts" aria-label={w('dualReportIn')}>
      {leaders.map((x) => (
        <li key={x.post} data-post={x.post} data-reported={x.reportedAt ? 'yes' : 'no'}>
          <strong>{l('POST', x.post)}</strong>：{x.reportedAt ? `${x.person} · ${formatDateTime(x.reportedAt, locale)}` : <span className="muted">{w('leaderWaiting')}</span>}
        </li>
      ))}
    </ul>
  );
}

export function WhistlePage({ id }: { id: number }) {
  const { w, l, locale } = useW();
  const en = locale === 'en';
  const [d, setD] = useState<WhistleDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setD(await api<WhistleDetail>(`/api/whistles/${id}`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  if (error && !d) return <ErrorBox error={error} />;
  if (!d) return <Loading />;

  return (
    <div className="order-page whistle-page" data-testid="whistle-page" data-version={d.version} data-status={d.status}>
      <div className="order-head">
        <Link to="/console/whistles" className="back">← {w('board')}</Link>
        <h1><span className="code">#{d.id}</span> <span data-testid="whistle-title">{d.title}</span></h1>
        <div className="badges">
          <span className="badge" data-testid="whistle-status">{l('STATUS', d.status)}</span>
          <span className={`badge ${d.type === 'emergency' ? 'overdue' : ''}`}>{l('TYPE', d.type)}</span>
        </div>
      </div>
      {notice && <Notice>{notice}</Notice>}
      <ErrorBox error={error} />
      <div className="order-grid">
        <div className="order-main">
          <Card title={w('description')}>
            <KV items={[
              [w('trigger'), l('TRIGGER', d.trigger)], [w('scope'), `${l('SCOPE', d.scope)} — ${d.scopeReason}`], [w('street'), d.streetName],
              [w('blownAt'), formatDateTime(d.createdAt, locale)], [w('dueAt'), `${d.limit.amount} ${d.limit.unit}`], [w('place'), d.place],
              [w('description'), d.description], [w('result'), d.result],
            ]} />
            {!!d.proposal.streetActsItself?.length && <p className="muted">{w('selfPower')}：{d.proposal.streetActsItself.map((s) => s.zh).join('；')}</p>}
          </Card>
          <Card title={w('reportIns')} testid="whistle-report-ins">
            <ReportInChips list={d.reportIns} live={d.status !== 'closed'} />
            <TableBox label={w('reportIns')}>
              <table className="table">
                <thead><tr><th>{w('unit')}</th><th>{w('dueAt')}</th><th>{w('reportedAt')}</th><th>{w('person')}</th><th>{w('arrival')}</th></tr></thead>
                <tbody>{d.reportIns.map((r) => (
                  <tr key={r.id}><td>{r.unitName}{r.stationed?.length ? <small className="muted" data-testid="stationed-names"><br />{w('stationed')}：{r.stationed.map((x) => x.name).join('、')}</small> : null}</td><td>{formatDateTime(r.dueAt, locale)}</td><td>{formatDateTime(r.reportedAt, locale)}</td><td>{r.leaders ? <LeaderPosts leaders={r.leaders} /> : r.person ?? '—'}</td>
                    <td>{r.arrival ? `${r.arrival.lon.toFixed(5)}, ${r.arrival.lat.toFixed(5)}` : r.releaseReason ?? '—'}</td></tr>
                ))}</tbody>
              </table>
            </TableBox>
          </Card>
          <Card title={w('actions')} testid="whistle-actions">
            {d.actions.length ? <ul>{d.actions.map((a) => <li key={a.id}><strong>{a.unitName}</strong>：{a.text} <small className="muted">{formatDateTime(a.createdAt, locale)} {a.by}</small></li>)}</ul> : <p className="muted">{w('none')}</p>}
          </Card>
          <WhistlePhotos d={d} />
          <Card title={w('ratings')} testid="whistle-ratings">
            {d.ratings.length ? (
              <table className="table"><thead><tr><th>{w('unit')}</th><th>{w('timeliness')}</th><th>{w('attitude')}</th><th>{w('effectiveness')}</th><th>{w('comment')}</th><th>{w('status')}</th></tr></thead>
                <tbody>{d.ratings.map((r) => (
                  <tr key={r.unitId} data-testid="rating-row"><td>{r.unitName}</td><td>{r.timeliness}</td><td>{r.attitude}</td><td>{r.effectiveness}</td><td>{r.comment}{r.contestReason ? ` / ${r.contestReason}` : ''}{r.decisionNote ? ` / ${r.decisionNote}` : ''}</td><td>{l('STATUS', r.status)}</td></tr>
                ))}</tbody></table>
            ) : <p className="muted">{w('none')}</p>}
          </Card>
          <Card title={w('orders')}>
            {d.workOrders.length ? <ul>{d.workOrders.map((o) => <li key={o.id}><Link to={`/console/orders/${o.id}`}>{o.code}</Link> {o.title}</li>)}</ul> : <p className="muted">{w('none')}</p>}
          </Card>
          <Card title={w('timeline')} testid="whistle-timeline">
            <ol className="timeline">{d.events.map((e) => (
              <li key={e.id} data-type={e.type}>
                <strong>{EVENT_ZH[e.type]?.[en ? 1 : 0] ?? e.type}</strong> {e.unitName && <span>· {e.unitName}</span>} <small className="muted">{formatDateTime(e.at, locale)} {e.actorName ?? (e.actorRole ? '' : en ? 'system' : '系统')}</small>
                {e.reason && <div className="muted">{e.reason}</div>}
              </li>
            ))}</ol>
          </Card>
        </div>
        <aside className="order-side">
          <Card title={w('myNotices')} testid="whistle-my-notices">
            {d.myNotifications.length ? <ul>{d.myNotifications.map((n, i) => <li key={i} data-kind={n.kind}>{en ? n.titleEn : n.title}</li>)}</ul> : <p className="muted">{w('none')}</p>}
          </Card>
          {[...d.allowedActions, ...d.blockedActions.map((b) => b.action)].map((a) => (
            <WhistleActionForm key={`${a}-${d.version}`} w={d} action={a} onDone={async (m) => { setNotice(m); await load(); }} onConflict={load} />
          ))}
        </aside>
      </div>
    </div>
  );
}
