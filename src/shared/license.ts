/**
 * The installation's Marketplace license as Forge reports it (`context.license`, in resolvers, web triggers and the UI's
 * getContext). Forge passes none for an app not sold on the Marketplace (a development or private install), and such an
 * install is not unlicensed: only a license Forge says is inactive stops Spec Bridge.
 */
export function licenseLapsed(context: unknown): boolean {
  if (typeof context !== 'object' || context === null) return false;
  const license = (context as { license?: unknown }).license;
  return typeof license === 'object' && license !== null && (license as { isActive?: unknown }).isActive === false;
}

/** What readers and callers are told while the site's subscription is not active. */
export const LICENSE_LAPSED = "Spec Bridge's subscription on this site is not active; a site admin can renew it under Manage apps.";
