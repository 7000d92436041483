/**
 * Customer-managed egress (Forge EAP, behind CUSTOMER_MANAGED_EGRESS): asking the site admin, in Atlassian's consent
 * dialog, to let Spec Bridge's backend reach the engineering host. Forge documents only that `set` resolves on approval
 * and rejects on decline or for a non-admin, so every rejection is one outcome here.
 */
import { permissions } from '@forge/bridge';

/** The egress group Spec Bridge asks for: one, whatever the host, so a new host replaces the old one. */
export const ENGINEERING_EGRESS_KEY = 'engineering-api';
const DESCRIPTION = 'Your engineering system API (Spec Bridge reads specification records from it)';
const BACKEND = 'FETCH_BACKEND_SIDE';

type EgressType = Parameters<typeof permissions.egress.set>[0]['egresses'][number]['configured'][number]['type'][number];

/** Opens the consent dialog for `host`; answers the backend-fetch domains the admin allowed, or 'refused'. */
export async function requestEngineeringEgress(host: string): Promise<string[] | 'refused'> {
  try {
    const answer = await permissions.egress.set({
      egresses: [{ key: ENGINEERING_EGRESS_KEY, description: DESCRIPTION, configured: [{ domain: host, type: [BACKEND as EgressType] }] }],
    });
    return backendDomains(answer?.results);
  } catch {
    return 'refused';
  }
}

/** The domains the site admin has already allowed for Spec Bridge's backend; none when they cannot be read. */
export async function allowedEngineeringDomains(): Promise<string[]> {
  try {
    return backendDomains((await permissions.egress.get({ keys: [ENGINEERING_EGRESS_KEY] }))?.results);
  } catch {
    return [];
  }
}

function backendDomains(results: { configured?: { domain?: unknown; type?: unknown }[] }[] | undefined): string[] {
  return (results ?? []).flatMap((group) =>
    (group.configured ?? []).filter((entry) => Array.isArray(entry.type) && entry.type.includes(BACKEND) && typeof entry.domain === 'string').map((entry) => String(entry.domain).toLowerCase()),
  );
}
