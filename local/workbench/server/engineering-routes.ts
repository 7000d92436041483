/**
 * The engineering panel's API over the sample engineering system's admin seam: list records and
 * publish an edit. A published edit fires the system's change listeners, which in the dev
 * environment send a signed notice to the app's web trigger (local/dev-environment.ts). And the other
 * way: where a record is documented, as Spec Bridge's documentation notices told the system, with a
 * stream that says when that changed.
 */
import type { EngineeringSystem } from '../../engineering';
import { eventStream } from './event-stream';
import { badRequest, json, readJsonObject, type Route } from './router';

/** Routes for `/__workbench/api/specs`. */
export function engineeringRoutes(engineering: EngineeringSystem): Route[] {
  return [
    { method: 'GET', pattern: /^\/__workbench\/api\/specs$/, handle: () => json(200, { specs: engineering.admin.listSpecs() }) },
    {
      method: 'GET',
      pattern: /^\/__workbench\/api\/specs\/([^/]+)\/documentation$/,
      handle(_request, [id]) {
        const documentation = engineering.documentation(id!);
        return documentation ? json(200, documentation) : json(404, { error: `No record ${id}` });
      },
    },
    {
      method: 'GET',
      pattern: /^\/__workbench\/events\/documentation$/,
      // Each applied documentation state: the page and the specs it showed before or shows now.
      handle: (request) => eventStream(request, (send) => engineering.admin.onDocumentation((change) => send(change))),
    },
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
