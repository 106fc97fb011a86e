import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLocale } from './i18n.ts';
import { cachedOrderSummary, queryClient } from './query.tsx';
import type { OrderSummary } from './types.ts';

const row = (id: number, title: string): OrderSummary => ({
  id,
  code: `GD${id}`,
  status: 'dispatched',
  version: 3,
  title,
  requestType: 'complaint',
  urgency: 'general',
  channel: 'phone',
  receivedAt: '2026-03-02T01:00:00Z',
  leadUnitName: '东华门街道',
  streetName: '东华门街道',
  due: null,
  overdueStages: [],
  excluded: false,
});
const list = (...items: OrderSummary[]) => ({ total: items.length, page: 1, pageSize: 20, items });

// Switching language marks the document's language; these run without a browser.
beforeAll(() => vi.stubGlobal('document', { documentElement: {} }));
afterAll(() => vi.unstubAllGlobals());
afterEach(() => {
  queryClient.clear();
  setLocale('zh-CN');
});

describe('the order page opens on the row a list already holds', () => {
  it('takes the row from the list read last, in the reader’s language only', () => {
    queryClient.setQueryData(['work-orders', { queue: 'all' }, 1, 'zh-CN'], list(row(7, '旧标题'), row(8, '别的')), { updatedAt: 1_000 });
    queryClient.setQueryData(['work-orders', { queue: 'mine' }, 1, 'zh-CN'], list(row(7, '新标题')), { updatedAt: 2_000 });
    queryClient.setQueryData(['work-orders', { queue: 'all' }, 1, 'en'], list(row(9, 'English only')), { updatedAt: 3_000 });
    expect(cachedOrderSummary(7)?.title).toBe('新标题');
    expect(cachedOrderSummary(8)?.title).toBe('别的');
    // Unit and street names come in the reader's language: a list read in another one does not stand in.
    expect(cachedOrderSummary(9)).toBeNull();
    setLocale('en');
    expect(cachedOrderSummary(9)?.title).toBe('English only');
    expect(cachedOrderSummary(7)).toBeNull();
  });

  it('finds nothing for an order no list holds, and ignores what is not a list of rows', () => {
    queryClient.setQueryData(['work-orders', 'caller', '139', 'zh-CN'], { items: 'not rows' });
    queryClient.setQueryData(['work-order', 7, 'zh-CN'], { id: 7, title: 'a detail, not a row' });
    queryClient.setQueryData(['work-orders', { queue: 'all' }, 1, 'zh-CN'], list(row(8, '别的')));
    expect(cachedOrderSummary(7)).toBeNull();
    expect(cachedOrderSummary(8)?.code).toBe('GD8');
  });
});
