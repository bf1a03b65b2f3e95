/**
 * The license agreement signature of the seed's "How to accept the transferred license?":
 * any name written between two slashes, e.g. `/John Smith/`.
 */
export function agreementSignatureProblem(signature: string): string | null {
  const s = signature.trim();
  if (!s.startsWith('/') || !s.endsWith('/') || s.length < 3) return 'must be a name written between two slashes, e.g. /John Smith/';
  if (!s.slice(1, -1).trim()) return 'must have a name between the slashes, e.g. /John Smith/';
  if (s.slice(1, -1).includes('/')) return 'must have exactly two slashes, one at each end, e.g. /John Smith/';
  return null;
}
