/**
 * A frame's `permissions.egress.set` / `.get` (bridge commands `__permission__egressSet` / `__permission__egressGet`), as
 * Confluence answers them on an admin page: `set` opens a consent on the server as the signed-in user; unless that is
 * refused at once (a non-admin, egress not enabled, a bad payload), the host page asks in Atlassian's consent dialog and
 * sends the answer. The call resolves with the saved groups on "Allow" and rejects on "Don't allow".
 */
import type { EgressGroup } from '../../platform/customer-egress';

/** What a frame host calls for the `__permission__egress*` commands. */
export interface FramePermissions {
  egressSet(payload: unknown): Promise<unknown>;
  egressGet(payload: unknown): Promise<unknown>;
}

/** A consent waiting for the admin, as the dialog shows it. */
export interface EgressConsentRequest {
  consentId: string;
  egresses: EgressGroup[];
}

/** The server side (workbench-api.ts); each call throws the server's error message when refused. */
export interface EgressConsentApi {
  startEgressConsent(payload: unknown): Promise<EgressConsentRequest>;
  answerEgressConsent(consentId: string, decision: 'approve' | 'decline'): Promise<unknown>;
  egressGet(payload: unknown): Promise<unknown>;
}

/** How a refused `permissions.egress.*` call reaches the app (the name @forge/bridge gives its errors). */
export class EgressBridgeError extends Error {
  override name = 'BridgeAPIError';
}

const asBridgeError = (error: unknown) => new EgressBridgeError(error instanceof Error ? error.message : String(error));

/** `ask` shows the dialog and resolves true for "Allow", false for "Don't allow". */
export function egressPermissions(api: EgressConsentApi, ask: (request: EgressConsentRequest) => Promise<boolean>): FramePermissions {
  return {
    async egressSet(payload) {
      try {
        const request = await api.startEgressConsent(payload);
        return await api.answerEgressConsent(request.consentId, (await ask(request)) ? 'approve' : 'decline');
      } catch (error) {
        throw asBridgeError(error);
      }
    },
    async egressGet(payload) {
      try {
        return await api.egressGet(payload ?? {});
      } catch (error) {
        throw asBridgeError(error);
      }
    },
  };
}
