/**
 * Routes are declared as data: method, url, who may call it, and the zod schemas of what it
 * takes and gives. One registrar validates every request against them, checks the caller's
 * role, and the OpenAPI document is generated from the same declarations.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role } from '../../shared/domain/model';
import { ApiError, forbidden, nulError, nulField, validationError } from './errors';
import type { SessionUser } from '../auth/sessions';

/** `public`: no sign-in; `signedIn`: any role; otherwise the roles that may call the route. */
export type Access = 'public' | 'signedIn' | readonly Role[];

export interface RouteContext<B, Q, P> {
  user: SessionUser;
  body: B;
  query: Q;
  params: P;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<B = unknown, Q = unknown, P = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  access: Access;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** The success answer, for the OpenAPI document (JSON unless `produces` says otherwise). */
  response?: z.ZodType;
  produces?: string;
  /**
   * The body is the raw request stream (`application/octet-stream`, see rawUpload.ts), read by
   * the handler with its own size limit instead of parsed JSON.
   */
  rawBody?: boolean;
  /**
   * The body is the JSON text exactly as sent (a string, not parsed), for a signature over
   * its bytes (Stripe's webhook); the handler parses it after verifying.
   */
  jsonText?: boolean;
  /** The sentence a refused role gets instead of the generic one (why, and what to do instead). */
  refusals?: Partial<Record<Role, string>>;
  /**
   * The handler checks the body's text for NUL characters itself (push: per mutation, so one
   * bad mutation is rejected alone instead of failing the whole batch).
   */
  checksOwnText?: boolean;
  /**
   * A public route the portal calls that changes state (sign in, password reset): it needs the
   * browser's CSRF token even without a session. Signed-in routes need it whenever the session
   * came from the portal's cookie.
   */
  csrf?: boolean;
  handler(ctx: RouteContext<B, Q, P>): Promise<unknown>;
}

export function defineRoute<B = undefined, Q = undefined, P = undefined>(spec: RouteSpec<B, Q, P>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** Who is calling, and whether by the portal's session cookie (then changes need a CSRF token). */
export type Authenticate = (request: FastifyRequest) => Promise<{ user: SessionUser; byCookie: boolean } | null>;
export type CheckCsrf = (request: FastifyRequest) => void;
const safeMethods = new Set(['GET', 'HEAD']);

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string, checkText = true): T {
  if (!schema) return undefined as T;
  const nul = checkText ? nulField(value, where) : null;
  if (nul) throw nulError(nul);
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) throw validationError(where, result.error);
  return result.data;
}

export function mayAccess(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  return access === 'signedIn' || access.includes(role);
}

export function registerRoutes(app: FastifyInstance, specs: readonly RouteSpec[], authenticate: Authenticate, checkCsrf: CheckCsrf): void {
  for (const spec of specs) {
    app.route({
      method: spec.method,
      url: spec.url,
      config: { rawBody: spec.rawBody === true, jsonText: spec.jsonText === true },
      handler: async (request, reply) => {
        const caller = spec.access === 'public' ? null : await authenticate(request);
        const user = caller?.user ?? null;
        if (spec.access !== 'public' && !user) throw new ApiError(401, 'unauthenticated', 'sign in first: send Authorization: Bearer <token>, or sign in to the portal');
        if ((spec.csrf || caller?.byCookie) && !safeMethods.has(spec.method)) checkCsrf(request);
        if (user && !mayAccess(spec.access, user.role)) throw forbidden(spec.refusals?.[user.role] ?? `the ${user.role} role may not ${spec.summary.toLowerCase()}`);
        const params = parse(spec.params, request.params, 'params');
        const query = parse(spec.query, request.query, 'query');
        const body = parse(spec.body, request.body, 'body', !spec.checksOwnText);
        return spec.handler({ user: user as SessionUser, body, query, params, request, reply });
      },
    });
  }
}

/** The OpenAPI 3.1 document of every declared route. */
export function openApiDocument(specs: readonly RouteSpec[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const toSchema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });
  for (const spec of specs) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: s });
      }
    }
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = {
      summary: spec.summary,
      tags: [spec.tag],
      'x-access': spec.access,
      ...(spec.access === 'public' ? {} : { security: [{ bearer: [] }] }),
      ...(parameters.length ? { parameters } : {}),
      // A signed body (jsonText) reaches the handler as its text, but is a JSON object on the wire.
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.jsonText ? { type: 'object', description: 'JSON, checked against its signature before it is read' } : toSchema(spec.body, 'input') } } } } : {}),
      ...(spec.rawBody ? { requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } } : {}),
      responses: {
        '200': {
          description: 'OK',
          ...(spec.response ? { content: { [spec.produces ?? 'application/json']: { schema: toSchema(spec.response, 'output') } } } : {}),
        },
        '400': { description: 'Invalid input: `field` names the field, `message` the reason' },
        ...(spec.access === 'public' ? {} : { '401': { description: 'Not signed in' }, '403': { description: 'The role may not do this' } }),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
