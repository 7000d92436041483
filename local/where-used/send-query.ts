/**
 * The engineering side of a where-used query: sign the JSON query with the off-the-shelf `standardwebhooks` library
 * (as an engineering team would) and POST it to the where-used query web trigger.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export type WhereUsedQueryBody =
  | { query: 'pagesShowingSpec'; specId: string; cursor?: string; limit?: number }
  | { query: 'macroOnPage'; pageId: string; localId?: string };

/** Signs and POSTs one query; never throws for HTTP errors (network failures do throw). */
export async function sendWhereUsedQuery(input: { url: string; secret: string; query: WhereUsedQueryBody; fetch?: typeof fetch; now?: () => Date }): Promise<{ status: number; body: string }> {
  const now = (input.now ?? (() => new Date()))();
  const id = `msg_${randomUUID()}`;
  const body = JSON.stringify(input.query);
  const response = await (input.fetch ?? fetch)(input.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(input.secret).sign(id, now, body),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}
