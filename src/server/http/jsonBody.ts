/**
 * JSON bodies with bounded nesting. No request of the API nests deeper than a few levels, and
 * a body nested thousands deep (20 kB is enough) overflows the stack of whatever walks it
 * next: it is refused with a 400 before it is parsed. Parsing itself stays fastify's
 * (secure-json-parse: `__proto__` and `constructor.prototype` keys refused).
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors';

export const maxJsonDepth = 32;

/** How deep `text` nests arrays and objects (brackets inside strings do not count); stops counting past `limit`. */
export function jsonDepth(text: string, limit = maxJsonDepth): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return deepest;
}

export function boundJsonNesting(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonDepth(text) > maxJsonDepth) return done(new ApiError(400, 'too_deep', `body: nested deeper than ${maxJsonDepth} levels`, 'body'), undefined);
    // A signed body (routes.ts `jsonText`): the text itself, for the handler to verify first.
    if ((request.routeOptions.config as { jsonText?: boolean }).jsonText) return done(null, text);
    parse(request, text, done);
  });
}
