/** Queue paging strings: counts that are exact or "at least", pages walked by cursor. */
export const READ_PATH_MESSAGES = {
  'queue.pageInfoExact': ['第 {page} 页，共 {total} 条', 'Page {page}, {total} in all'],
  'queue.pageInfoAtLeast': ['第 {page} 页，超过 {total} 条（未逐条计数）', 'Page {page}, more than {total} (not counted to the end)'],
} as const satisfies Record<string, readonly [string, string]>;
