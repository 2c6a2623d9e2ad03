/** Health and plan templates. */
import { AppError, ErrorType } from '../../domain/errors';
import { getTemplate, listTemplates, TEMPLATES, isTemplateId } from '../../domain/templates';
import type { ApiContext } from '../context';
import { planDocumentSchema, bilingualTextSchema } from './common.schemas';
import { healthSchema, livenessSchema, templateIdParams, templateSummarySchema } from './meta.schemas';
import { z } from '../zod';

const CHECK_TIMEOUT_MS = 3_000;

async function probe(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
    });
    const result = await Promise.race([check().then((value) => value !== false), timeout]);
    return result;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function registerMetaRoutes(ctx: ApiContext): void {
  ctx.routes.add({
    method: 'get',
    path: '/health',
    tag: 'health',
    summary: 'Liveness: the process answers (touches neither PostgreSQL nor Temporal)',
    description: 'For a liveness probe: restarting the API does not bring PostgreSQL or Temporal back, so this does not ask them; GET /ready does.',
    access: 'public',
    responses: { 200: { description: 'the process is alive', schema: livenessSchema } },
    handler: async () => ({ status: 200, body: { status: 'ok' as const } }),
  });

  ctx.routes.add({
    method: 'get',
    path: '/ready',
    tag: 'health',
    summary: 'Readiness: whether the API can reach Temporal and PostgreSQL',
    description: 'For a readiness probe and load balancers: 503 takes the instance out of rotation until both answer (each check gives up after 3 s).',
    access: 'public',
    responses: {
      200: { description: 'both are up', schema: healthSchema },
      503: { description: 'at least one is down; the body says which', schema: healthSchema },
    },
    handler: async () => {
      const [temporal, postgres] = await Promise.all([probe(ctx.checkTemporal), probe(() => ctx.storage.ping())]);
      const ok = temporal && postgres;
      return {
        status: ok ? 200 : 503,
        body: { status: ok ? 'ok' : 'unavailable', temporal: temporal ? 'up' : 'down', postgres: postgres ? 'up' : 'down' },
      };
    },
  });

  ctx.routes.add({
    method: 'get',
    path: '/templates',
    tag: 'templates',
    summary: 'The plan templates taken from the seed plans',
    access: 'authenticated',
    responses: { 200: { description: 'the templates', schema: z.object({ templates: z.array(templateSummarySchema) }) } },
    handler: async () => ({ status: 200, body: { templates: listTemplates() } }),
  });

  ctx.routes.add({
    method: 'get',
    path: '/templates/:id',
    tag: 'templates',
    summary: "A template's plan document, to start a campaign from or adapt",
    access: 'authenticated',
    params: templateIdParams,
    responses: {
      200: { description: 'the template', schema: z.object({ id: z.string(), title: bilingualTextSchema, plan: planDocumentSchema }) },
    },
    handler: async ({ params }) => {
      const plan = getTemplate(params.id);
      if (!plan || !isTemplateId(params.id)) {
        throw new AppError(ErrorType.NotFound, `there is no template "${params.id}"; the templates are: ${Object.keys(TEMPLATES).join(', ')}`);
      }
      return { status: 200, body: { id: params.id, title: TEMPLATES[params.id].title, plan } };
    },
  });
}
