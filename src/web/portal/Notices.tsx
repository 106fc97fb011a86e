import { Card, ErrorBox } from '../shared/components.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import { useApi } from '../shared/query.tsx';
import { Link } from '../shared/router.ts';

type Notice = { id: number; title: { zh: string; en: string }; link: string | null; createdAt: string; readAt: string | null };

/** The status notices sent to the citizen (also by SMS), newest first. */
export function Notices() {
  const { t, locale } = useI18n();
  const list = useApi<{ items: Notice[] }>(['notifications', 'portal'], '/api/notifications', { staleTime: 0 });
  const items = list.data?.items ?? null;
  const error = list.error;
  return (
    <Card title={t('notices.title')} testid="notices">
      <ErrorBox error={error} />
      {items && items.length === 0 && <p className="empty">{t('notices.none')}</p>}
      {items && items.length > 0 && (
        <ul className="request-list">
          {items.map((n) => (
            <li key={n.id} data-testid="notice">
              {n.link ? <Link to={n.link}>{locale === 'en' ? n.title.en : n.title.zh}</Link> : <span>{locale === 'en' ? n.title.en : n.title.zh}</span>}
              <span className="muted small">{formatDateTime(n.createdAt, locale)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
