// Mirrors src/server/modules/work-orders/work-order-schemas.ts; importing that file would pull zod into the bundle.
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;
