/** The dashboard's sign-in: a token becomes a session cookie. */
import { z } from '../zod';
import { bilingualTextSchema } from './common.schemas';

export const signInBody = z
  .strictObject({
    token: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
      .trim()
      .min(1, 'paste the token the campaign office (活動領導小組辦公室) issued you')
      .max(200, 'a token is at most 200 characters'),
  })
  .openapi('SignIn');

export const sessionSchema = z
  .object({
    user: z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(['admin', 'supervisor', 'unit']),
      roleLabel: bilingualTextSchema,
      unitId: z.string().nullable(),
    }),
    csrfToken: z
      .string()
      .nullable()
      .openapi({ description: 'Send it as the X-CSRF-Token header on every POST, PUT and DELETE of the cookie session; null when signed in with a bearer token.' }),
    expiresAt: z.string().nullable().openapi({ description: 'When the cookie session ends (an instant); null for a bearer token.' }),
  })
  .openapi('Session');

export const signedOutSchema = z.object({ signedOut: z.boolean() });
