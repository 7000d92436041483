/**
 * The engineering panel's API over the sample engineering system's admin seam: list records and
 * publish an edit. A published edit fires the system's change listeners, which in the dev
 * environment send a signed notice to the app's web trigger (local/dev-environment.ts).
 */
import type { EngineeringSystem } from '../../engineering';
import { badRequest, json, readJsonObject, type Route } from './router';

/** Routes for `/__workbench/api/specs`. */
export function engineeringRoutes(engineering: EngineeringSystem): Route[] {
  return [
    { method: 'GET', pattern: /^\/__workbench\/api\/specs$/, handle: () => json(200, { specs: engineering.admin.listSpecs() }) },
    {
      method: 'PATCH',
      pattern: /^\/__workbench\/api\/specs\/([^/]+)$/,
      async handle(request, [id]) {
        const patch = await readJsonObject(request);
        if (!patch) return badRequest('The body must be a JSON object of the fields to change');
        const result = engineering.admin.updateSpec(id!, patch);
        if (result.ok) return json(200, { spec: result.value });
        return json(result.reason === 'not_found' ? 404 : 400, { error: result.message, ...(result.reason === 'bad_request' ? { field: result.field } : {}) });
      },
    },
  ];
}
