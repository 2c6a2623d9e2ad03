/**
 * zod with `.openapi()`: every API module imports `z` from here, so that the
 * extension is installed before any API schema is built (zod 4 schemas built
 * earlier do not get the method; domain schemas are only embedded, never
 * annotated).
 *
 * The workflow contracts (contracts/) are plain zod, built without the
 * extension (they are bundled into the workflows too): the API names the ones
 * it shows as components with `documentAs`, in place, so that every schema
 * embedding them refers to the component.
 */
import { extendZodWithOpenApi, zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };

/** Shows `schema` (the very instance, wherever it is embedded) as the OpenAPI component `refId`. */
export function documentAs<S extends z.ZodType>(schema: S, refId: string): S {
  const current = zodToOpenAPIRegistry.get(schema) as { _internal?: object } | undefined;
  zodToOpenAPIRegistry.add(schema, { ...current, _internal: { ...current?._internal, refId } } as never);
  return schema;
}
