import { EgressFilteringService } from '@forge/egress';

/**
 * Backend egress as Forge enforces it: only hosts listed in
 * `permissions.external.fetch.backend` are reachable. Uses Atlassian's own matcher
 * (@forge/egress) so wildcard and protocol rules are the real ones.
 */
export function createEgressPolicy(allowList: string[]): { allows(url: string): boolean } {
  const filter = new EgressFilteringService(allowList);
  return { allows: (url) => filter.isValidUrl(url) };
}
