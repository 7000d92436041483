/**
 * What `npm run dev` tells a newcomer about sending change notices (startup banner and `/__local/info`).
 * The secret is shown only when it is the committed local one; a secret set from the environment may
 * be a real installation's, so it is never printed.
 */
import { LOCAL_WEBHOOK_SECRET } from '../keys/local-webhook-secret';

export interface ChangeNoticeInfo {
  webTrigger: string;
  /** The local development secret, or null when the environment set another (not shown). */
  secret: string | null;
  note: string;
  example: string;
}

export function changeNoticeInfo(webTrigger: string, secret: string): ChangeNoticeInfo {
  const local = secret === LOCAL_WEBHOOK_SECRET;
  return {
    webTrigger,
    secret: local ? secret : null,
    note: local
      ? 'The local development secret (committed, local only); `npm run notify` uses it and this web trigger by default.'
      : 'Set from WEBHOOK_SECRET, so not shown; pass it to `npm run notify` with --secret.',
    example: local ? 'npm run notify -- SHAFT-1042' : "npm run notify -- --secret 'whsec_…' SHAFT-1042",
  };
}
