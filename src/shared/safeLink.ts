/**
 * Which link targets customer text (and a newsletter's email) may carry. Only web and mail
 * links become clickable; a `javascript:`, `data:`, `file:` or app-internal URL stays plain text. Relative URLs are
 * refused too: in the console they would point into the app itself.
 */
const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);

/** The URL to put in href, or null when the link must not be clickable. */
export function safeLinkTarget(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  return allowedProtocols.has(url.protocol) ? url.href : null;
}
