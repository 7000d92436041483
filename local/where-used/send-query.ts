/**
 * The engineering side of a where-used query: sign the JSON query with the off-the-shelf `standardwebhooks` library
 * (as an engineering team would) and POST it to the where-used query web trigger.
 */
import { randomUUID } from 'node:crypto';
import { signedJsonHeaders } from '../notify/send-notice';

export type WhereUsedQueryBody =
  | { query: 'pagesShowingSpec'; specId: string; cursor?: string; limit?: number }
  | { query: 'macroOnPage'; pageId: string; localId?: string };

/** Signs and POSTs one query; never throws for HTTP errors (network failures do throw). */
export async function sendWhereUsedQuery(input: { url: string; secret: string; query: WhereUsedQueryBody; fetch?: typeof fetch; now?: () => Date }): Promise<{ status: number; body: string }> {
  const now = (input.now ?? (() => new Date()))();
  const id = `msg_${randomUUID()}`;
  const body = JSON.stringify(input.query);
  const response = await (input.fetch ?? fetch)(input.url, { method: 'POST', headers: signedJsonHeaders(input.secret, id, now, body), body });
  return { status: response.status, body: await response.text() };
}
