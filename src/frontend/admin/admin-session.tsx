/**
 * The page's one way to call its resolver. A `forbidden` answer anywhere turns the whole page into the
 * administrators-only message; any call the admin starts hides a secret shown once (it must not linger).
 */
import { createContext, useContext } from 'react';
import type { AdminAnswer, AdminCall, AdminPayloads } from '../../shared/admin-contract';

/** `background`: a call the page makes by itself (reloads, polls), which leaves a shown secret in place. */
export type AdminCaller = <K extends AdminCall>(call: K, payload: AdminPayloads[K], background?: boolean) => Promise<AdminAnswer<K>>;

const AdminCallerContext = createContext<AdminCaller | undefined>(undefined);

export const AdminCallerProvider = AdminCallerContext.Provider;

export function useAdminCaller(): AdminCaller {
  const caller = useContext(AdminCallerContext);
  if (!caller) throw new Error('useAdminCaller outside the admin page');
  return caller;
}
