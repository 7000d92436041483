/**
 * The points Confluence charges for one of the app's own calls, by Atlassian's published rules (forge-2026-facts §2):
 * a base of 1 per request; a write costs only that; a successful read adds 1 per core object (page, blog post, space,
 * attachment) in the answer. The app reads one page or blog post with its body (2) and content properties, which are
 * not core objects (1). A refused call (429) is counted as free: the pool it would spend is empty.
 */
export function estimatePoints(method: string, path: string, status: number): number {
  if (status === 429) return 0;
  if (method.toUpperCase() !== 'GET' || status !== 200) return 1;
  return /^\/wiki\/api\/v2\/(pages|blogposts)\/[^/?]+(\?|$)/.test(path) ? 2 : 1;
}
