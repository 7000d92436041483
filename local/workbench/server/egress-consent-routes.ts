/**
 * Atlassian's consent dialog for `permissions.egress.set` (customer-managed egress, Forge EAP), server side: the page
 * opens a consent as the signed-in workbench user, shows its dialog, then sends the admin's answer. The consent's promise
 * (`platform.customerEgress.set`) waits here between the two requests.
 */
import { CustomerEgressError, type EgressGetPayload, type EgressSetPayload, type EgressSetResponse, type PendingEgressConsent } from '../../platform/customer-egress';
import type { LocalPlatform } from '../../platform/platform';
import { badRequest, json, readJsonObject, type Route } from './router';
import type { CurrentUser } from './site-routes';

/**
 * Consents kept waiting for an answer. A page closed with its dialog open never answers, so opening one more declines
 * the oldest rather than keeping every abandoned consent (and its promise) for the life of the server.
 */
export const MAX_OPEN_CONSENTS = 20;

/** A rejected `permissions.egress.*` call: its status (403 when the emulation gives none: the admin said no), code and message. */
function rejection(error: unknown): Response {
  if (!(error instanceof CustomerEgressError)) return json(500, { error: error instanceof Error ? error.message : String(error) });
  return json(error.status ?? 403, { error: error.message, code: error.code });
}

/** Routes for the consent dialog and `permissions.egress.get`; every call is made as the signed-in user. */
export function egressConsentRoutes(platform: LocalPlatform, user: CurrentUser): Route[] {
  const egress = platform.customerEgress;
  const open = new Map<string, { accountId: string; outcome: Promise<EgressSetResponse> }>();

  return [
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/egress\/consents$/,
      async handle(request) {
        const payload = (await readJsonObject(request)) as EgressSetPayload | undefined;
        if (!payload) return badRequest('The body must be the JSON object given to permissions.egress.set');
        // `set` opens its consent (and tells listeners) before it returns, or rejects without one.
        let opened: PendingEgressConsent | undefined;
        const stop = egress.onPending((consent) => (opened ??= consent));
        const outcome = egress.set(payload, user.get());
        stop();
        if (!opened) {
          try {
            return json(500, { error: 'permissions.egress.set settled without a consent', result: await outcome });
          } catch (error) {
            return rejection(error);
          }
        }
        outcome.catch(() => undefined); // answered by the decision route; a consent declined as abandoned has no listener
        open.set(opened.id, { accountId: opened.accountId, outcome });
        while (open.size > MAX_OPEN_CONSENTS) {
          const [oldest] = open.keys();
          open.delete(oldest!);
          egress.decline(oldest!);
        }
        return json(202, { consentId: opened.id, egresses: opened.egresses });
      },
    },
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/egress\/consents\/([^/]+)$/,
      async handle(request, [consentId]) {
        const { decision } = (await readJsonObject(request)) ?? {};
        if (decision !== 'approve' && decision !== 'decline') return badRequest('decision must be "approve" or "decline"');
        const consent = open.get(consentId!);
        if (!consent) return json(404, { error: `No egress consent ${consentId} is waiting` });
        // Only the admin who opened the dialog can allow it; closing it (the page left, e.g. for another user) declines.
        if (decision === 'approve' && consent.accountId !== user.get()) return json(403, { error: 'Only the site administrator who opened this consent can allow it' });
        open.delete(consentId!);
        egress[decision](consentId!);
        try {
          return json(200, { result: await consent.outcome });
        } catch (error) {
          return rejection(error);
        }
      },
    },
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/egress\/get$/,
      async handle(request) {
        const payload = (await readJsonObject(request)) as EgressGetPayload | undefined;
        try {
          return json(200, { result: await egress.get(payload ?? {}) });
        } catch (error) {
          return rejection(error);
        }
      },
    },
  ];
}
