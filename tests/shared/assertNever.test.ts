/** The default of every switch over a domain union: a value the types did not foresee throws, naming it. */
import { describe, expect, it } from 'vitest';
import { assertNever } from '../../src/shared/assertNever';

type Shape = { kind: 'circle'; r: number } | { kind: 'square'; side: number };

function area(s: Shape): number {
  switch (s.kind) {
    case 'circle':
      return Math.PI * s.r ** 2;
    case 'square':
      return s.side ** 2;
    default:
      return assertNever(s, 'shape');
  }
}

describe('assertNever', () => {
  it('is never reached by a member of the union', () => {
    expect(area({ kind: 'square', side: 3 })).toBe(9);
  });

  it('throws on a value that slipped past the types, naming what it is', () => {
    const stray = { kind: 'triangle' } as unknown as Shape;
    expect(() => area(stray)).toThrow('unexpected shape: {"kind":"triangle"}');
  });
});
