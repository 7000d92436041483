/**
 * What `npm run dev` tells a newcomer about sending change notices (startup banner and `/__local/info`).
 * The secret is shown only when it is the committed local one; a secret set from the environment may
 * be a real installation's, so it is never printed.
 */
import { LOCAL_WEBHOOK_SECRET } from '../keys/local-webhook-secret';
import { DEFAULT_DEV_PORT } from './local-dev-server';

export interface ChangeNoticeInfo {
  webTrigger: string;
  /** The local development secret, or null when the environment set another (not shown). */
  secret: string | null;
  note: string;
  example: string;
}

export function changeNoticeInfo(webTrigger: string, secret: string): ChangeNoticeInfo {
  const local = secret === LOCAL_WEBHOOK_SECRET;
  // `npm run notify` finds the dev server by PORT, as `npm run dev` does.
  const port = new URL(webTrigger).port;
  const env = port === '' || port === String(DEFAULT_DEV_PORT) ? '' : `PORT=${port} `;
  return {
    webTrigger,
    secret: local ? secret : null,
    note: local
      ? 'The local development secret (committed, local only); `npm run notify` uses it and this web trigger by default.'
      : 'Set from WEBHOOK_SECRET, so not shown; pass it to `npm run notify` with --secret.',
    example: local ? `${env}npm run notify -- SHAFT-1042` : `${env}npm run notify -- --secret 'whsec_…' SHAFT-1042`,
  };
}
