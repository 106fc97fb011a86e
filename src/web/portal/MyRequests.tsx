import { Card, ErrorBox, Loading, StatusBadge } from '../shared/components.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import { useApi } from '../shared/query.tsx';
import { Link } from '../shared/router.ts';
import type { useSession } from '../shared/session.tsx';
import { PhoneSignIn } from './PhoneSignIn.tsx';
import { Notices } from './Notices.tsx';
import type { MyRequest } from '../shared/types.ts';

type Session = ReturnType<typeof useSession>;

/** A signed-in citizen's own requests; signing in is optional everywhere else on the portal. */
export function MyRequests({ session }: { session: Session }) {
  const { t, locale } = useI18n();
  const { me, refresh, logout } = session;
  const citizen = !!me && me.kind === 'citizen';
  const list = useApi<{ items: MyRequest[] }>(['portal', 'my-requests', me?.userId ?? null], citizen ? '/api/portal/my-requests' : null, { staleTime: 0 });
  const items = list.data?.items ?? null;
  const error = list.error;

  if (me === undefined) return <Loading />;
  if (!me) return <PhoneSignIn onSignedIn={() => void refresh()} />;
  if (me.kind !== 'citizen') {
    return (
      <Card title={t('portal.my')}>
        <p>{t('portal.staffNotice')}</p>
        <a href="/console">{t('portal.toConsole')}</a>
      </Card>
    );
  }

  return (
    <>
    <Card
      title={t('portal.my')}
      testid="my-requests"
      actions={
        <button type="button" className="link-button" onClick={() => void logout()} data-testid="logout">
          {t('login.logout')}
        </button>
      }
    >
      <ErrorBox error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p className="empty">{t('portal.myEmpty')}</p>}
      {items && items.length > 0 && (
        <ul className="request-list">
          {items.map((r) => (
            <li key={r.code} data-testid="my-request">
              <Link to={`/?view=track&code=${r.code}`}>
                <span className="code">{r.code}</span> {r.title}
              </Link>
              <span className="meta">
                <StatusBadge status={r.status} /> <span className="muted small">{formatDateTime(r.receivedAt, locale)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
    <Notices />
    </>
  );
}
