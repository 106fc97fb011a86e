/** What a live order event carries on GET /api/live: enough for a board to place it without a second request. */
export type OrderEvent = {
  eventId: number;
  type: string;
  id: number;
  code: string;
  title: string;
  urgency: string;
  status: string;
  streetId: number | null;
  gridId: number | null;
  lon: number | null;
  lat: number | null;
  at: string;
};
