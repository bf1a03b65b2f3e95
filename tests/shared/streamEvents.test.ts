/**
 * The live streams' events are parsed by their shared unions: a good event comes out typed,
 * a malformed one (not JSON, an unknown name, a wrong shape) is logged and skipped, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { CustomerStreamEvent } from '../../src/shared/api/customerTicketEvents';
import { parseStreamEvent, StaffStreamEvent } from '../../src/shared/sync/streamEvents';

function parse<S extends typeof StaffStreamEvent | typeof CustomerStreamEvent>(schema: S, event: string, data: string) {
  const warnings: string[] = [];
  const value = parseStreamEvent(schema, event, data, (m) => warnings.push(m));
  return { value, warnings };
}

describe('the console stream', () => {
  it('reads pokes, presence, call-outs and the end of the session', () => {
    expect(parse(StaffStreamEvent, 'poke', '{"seq":42}')).toEqual({ value: { event: 'poke', data: { seq: 42 } }, warnings: [] });
    const presence = { ticketId: 7, userId: 2, userName: 'Ann', activity: 'replying', at: 1000 };
    expect(parse(StaffStreamEvent, 'presence', JSON.stringify(presence)).value).toEqual({ event: 'presence', data: presence });
    const callOut = { kind: 'breach', ticketId: 7, number: 1007, subject: 'Down' };
    expect(parse(StaffStreamEvent, 'notification', JSON.stringify(callOut)).value).toEqual({ event: 'notification', data: callOut });
    expect(parse(StaffStreamEvent, 'signed-out', '{}').value).toEqual({ event: 'signed-out', data: {} });
  });

  it.each([
    ['poke', 'not json', /not JSON/],
    ['poke', '{"seq":"12"}', /malformed "poke".*seq/],
    ['presence', '{"ticketId":7}', /malformed "presence"/],
    ['notification', '{"kind":"fire","ticketId":7,"number":1,"subject":"x"}', /malformed "notification".*kind/],
    ['gossip', '{}', /malformed "gossip"/],
  ])('skips a malformed %s event (%s) with a warning', (event, data, warning) => {
    const { value, warnings } = parse(StaffStreamEvent, event, data);
    expect(value).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(warning);
  });
});

describe('the portal stream', () => {
  it('reads ready, ticket and signed-out', () => {
    expect(parse(CustomerStreamEvent, 'ready', '{"seq":3}').value).toEqual({ event: 'ready', data: { seq: 3 } });
    expect(parse(CustomerStreamEvent, 'ticket', '{"number":1001}').value).toEqual({ event: 'ticket', data: { number: 1001 } });
    expect(parse(CustomerStreamEvent, 'signed-out', '{}').value).toEqual({ event: 'signed-out', data: {} });
  });

  it('skips a ticket event without a number', () => {
    for (const data of ['{}', '{"number":"1001"}', '{"number":0}', '']) {
      const { value, warnings } = parse(CustomerStreamEvent, 'ticket', data);
      expect(value).toBeNull();
      expect(warnings).toHaveLength(1);
    }
  });
});
