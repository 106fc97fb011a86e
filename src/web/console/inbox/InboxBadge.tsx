import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.ts';
import { subscribeLive } from '../../shared/live.ts';
import { Link } from '../../shared/router.ts';
import { queryClient } from '../../shared/query.tsx';

const UNREAD = ['notifications', 'unread-count'];
import './inbox.css';

/** The header's link to the inbox with the unread count, kept current by /api/live. */
export function InboxBadge({ active }: { active: boolean }) {
  const { t } = useI18n();
  const count = useQuery({ queryKey: UNREAD, queryFn: () => api<{ unread: number }>('/api/notifications/unread-count') }, queryClient);
  const unread = count.data?.unread ?? null;

  // The stream says the count itself: no request for it.
  useEffect(
    () =>
      subscribeLive((e) => {
        if (e.type === 'hello' || e.type === 'unread') queryClient.setQueryData(UNREAD, { unread: e.data.unread });
      }),
    [],
  );

  return (
    <Link
      to="/console/notifications"
      aria-current={active ? 'page' : undefined}
      data-testid="nav-inbox"
    >
      {t('nav.inbox')}
      {/* The accessible name keeps the visible word and adds the count in words (WCAG 2.5.3). */}
      {!!unread && (
        <>
          <span className="inbox-count" data-testid="inbox-unread" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
          <span className="visually-hidden">{t('inbox.unreadBadge', { n: unread })}</span>
        </>
      )}
    </Link>
  );
}
