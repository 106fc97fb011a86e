/** The order page while its full detail is read: what is shown from the queue row, and why actions wait. */
export const ORDER_PREVIEW_MESSAGES = {
  'preview.reading': ['正在读取工单详情…', 'Reading the full order…'],
  'preview.actionsWait': ['工单详情读取完成后才能办理。', 'Actions become available once the full order has been read.'],
} as const satisfies Record<string, readonly [string, string]>;
