/**
 * zod with `.openapi()`: every API module imports `z` from here, so that the
 * extension is installed before any API schema is built (zod 4 schemas built
 * earlier do not get the method; domain schemas are only embedded, never
 * annotated).
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
