import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { subscribeLive } from '../../shared/live.ts';
import { Link } from '../../shared/router.ts';
import { queryClient, useApi } from '../../shared/query.tsx';
import './inbox.css';

type Item = {
  id: number;
  kind: string;
  subjectKind: string;
  subjectId: number;
  title: { zh: string; en: string };
  body: { zh: string; en: string } | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
};
type InboxPage = { items: Item[]; total: number; unread: number; page: number; pageSize: number };

const PAGE_SIZE = 20;

/** The signed-in user's notifications, newest first; new ones appear as they arrive. */
export function InboxPage() {
  const { t, locale } = useI18n();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useApi<InboxPage>(['notifications', unreadOnly, page], `/api/notifications${qs({ unread: unreadOnly ? 'true' : undefined, page, pageSize: PAGE_SIZE })}`, { placeholderPrevious: true });
  const data = list.data ?? null;
  const mark = useMutation(
    {
      mutationFn: (id: number | 'all') => api(id === 'all' ? '/api/notifications/read-all' : `/api/notifications/${id}/read`, { method: 'POST', body: {} }),
      onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
    },
    queryClient,
  );
  const error = list.error ?? mark.error;

  useEffect(
    () =>
      subscribeLive((e) => {
        if (e.type === 'notification' || e.type === 'unread' || e.type === 'hello') void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      }),
    [],
  );

  const markRead = (id: number) => mark.mutate(id);
  const markAll = () => mark.mutate('all');

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const text = (x: { zh: string; en: string }) => (locale === 'en' ? x.en : x.zh);

  return (
    <div className="inbox" data-testid="inbox-page">
      <h1>{t('inbox.title')}</h1>
      <ErrorBox error={error} />
      <div className="inbox-bar">
        <label>
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => {
              setUnreadOnly(e.target.checked);
              setPage(1);
            }}
            data-testid="inbox-unread-only"
          />{' '}
          {t('inbox.unreadOnly')}
        </label>
        {data && <span className="muted small">{t('inbox.unreadTotal', { n: data.unread, total: data.total })}</span>}
        <button type="button" onClick={() => markAll()} disabled={!data?.unread} data-testid="inbox-mark-all">
          {t('inbox.markAll')}
        </button>
      </div>
      {!data ? (
        <Loading />
      ) : (
        <Card>
          {data.items.length === 0 ? (
            <p className="empty">{t('inbox.empty')}</p>
          ) : (
            <ul className="inbox-list">
              {data.items.map((n) => (
                <li key={n.id} className={n.readAt ? 'read' : 'unread'} data-testid="inbox-item" data-kind={n.kind} data-read={n.readAt ? 'true' : 'false'}>
                  <div className="inbox-main">
                    {n.link ? (
                      <Link to={n.link} onClick={() => !n.readAt && markRead(n.id)} data-testid="inbox-link">
                        {text(n.title)}
                      </Link>
                    ) : (
                      <span>{text(n.title)}</span>
                    )}
                    {n.body && <p className="small">{text(n.body)}</p>}
                    <span className="muted small">{formatDateTime(n.createdAt, locale)}</span>
                  </div>
                  {n.readAt ? (
                    <span className="muted small">{t('inbox.read')}</span>
                  ) : (
                    <button type="button" className="link-button" onClick={() => markRead(n.id)} data-testid="inbox-mark-read">
                      {t('inbox.markRead')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {pages > 1 && (
            <div className="inbox-pager">
              <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('inbox.prev')}
              </button>
              <span>{t('inbox.page', { page, pages })}</span>
              <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)} data-testid="inbox-next">
                {t('inbox.next')}
              </button>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
