import { webTrigger } from '@forge/api';
import type { AppConfig } from '../config';
import type { AdminState, WebTriggerInfo } from '../shared/admin-contract';
import { readAllowList } from './allow-list-admin';
import { connectionState } from './connection-admin';
import { documentationNoticesState } from './documentation-notices-admin';
import { listSecrets } from './secrets-admin';

/** The change-notice web trigger's manifest key. */
export const CHANGE_NOTICE_TRIGGER = 'spec-change-notice';

/** Everything the admin page shows at once; never a secret value. */
export async function adminState(config: AppConfig, cloudId: string): Promise<AdminState> {
  const [connection, secrets, webTriggers, allowList, documentationNotices] = await Promise.all([
    connectionState(config, cloudId),
    listSecrets(),
    webTriggerUrls(),
    readAllowList(),
    documentationNoticesState(),
  ]);
  return {
    cloudId,
    connection,
    webTriggers,
    secrets,
    allowList: allowList.entries,
    ...(allowList.malformed ? { allowListMalformed: true } : {}),
    capabilities: { customerManagedEgress: config.capabilities.customerManagedEgress },
    ...(documentationNotices ? { documentationNotices } : {}),
  };
}

/** This site's web trigger URLs (one per installation, stable across deploys of an environment). */
async function webTriggerUrls(): Promise<WebTriggerInfo[]> {
  return [{ key: CHANGE_NOTICE_TRIGGER, direction: 'inbound', url: await webTrigger.getUrl(CHANGE_NOTICE_TRIGGER) }];
}
