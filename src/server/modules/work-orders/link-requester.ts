import type { Queryable } from '../../db/client.ts';

/**
 * A citizen who proved by SMS code that a phone is theirs gets the requests filed earlier with that
 * phone (anonymously in the portal, or through the hotline), so they can track and answer them.
 */
export async function linkRequestsToCitizen(tx: Queryable, userId: number, phone: string): Promise<void> {
  await tx.query(
    `update work_orders set requester_user_id = $1
     where requester_phone in ($2, '+86' || $2, '+86 ' || $2) and requester_user_id is null`,
    [userId, phone],
  );
}
