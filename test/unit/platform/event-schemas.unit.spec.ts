import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_SCHEMAS } from '../../../src/event-schemas';
import { evolveUser, initialUserState } from '../../../src/identity/domain/user.state';
import type { UserEvent } from '../../../src/identity/domain/user.events';
import {
  EventSchemaError,
  EventSchemaRegistry,
  type EventSchema,
} from '../../../src/platform/event-store/event-schemas';
import type { EventMetadata, RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import type { JsonObject } from '../../../src/shared-kernel/json';
import { anEvent, metadata } from '../../support/events';

function recorded(type: string, data: JsonObject, meta: EventMetadata = metadata()): RecordedEvent {
  const dataText = JSON.stringify(data);
  return {
    streamId: 'test-1',
    revision: 0n,
    eventId: 'e1',
    type,
    data,
    metadata: meta,
    dataText,
    metadataText: JSON.stringify(meta),
    position: '1:1',
    prevHash: '00',
    hash: 'ab',
  };
}

/**
 * A test-only history of one type: v1 had `name`; v2 split it into `first` and `last`; v3 added
 * `nickname`, null for everyone before it.
 */
const personV3: EventSchema = {
  version: 3,
  schema: z.strictObject({ first: z.string(), last: z.string(), nickname: z.string().nullable() }),
  upcasters: [
    ({ name, ...rest }) => {
      const [first, ...last] = (typeof name === 'string' ? name : '').split(' ');
      return { ...rest, first, last: last.join(' ') };
    },
    (data) => ({ ...data, nickname: null }),
  ],
};
const registry = new EventSchemaRegistry([{ PersonNamed: personV3 }]);

describe('event schema registry', () => {
  it('stamps an append with its version, and refuses one that breaks its schema or has none', () => {
    const event = anEvent('PersonNamed', { first: 'Ada', last: 'Lovelace', nickname: null });
    expect(registry.checked('test-1', event)).toEqual({ ...event, metadata: { ...event.metadata, schemaVersion: 3 } });
    expect(() => registry.checked('test-1', anEvent('PersonNamed', { first: 'Ada', last: 'Lovelace' }))).toThrow(
      /PersonNamed v3 breaks its schema: nickname:/,
    );
    expect(() =>
      registry.checked(
        'test-1',
        anEvent('PersonNamed', { first: 'Ada', last: 'L', nickname: null, email: 'ada@example.com' }),
      ),
    ).toThrow(EventSchemaError);
    expect(() => registry.checked('test-1', anEvent('PersonMoved', {}))).toThrow(/PersonMoved has no schema/);
  });

  it('names the fields that are wrong but never their values, which may be what must not be logged', () => {
    const error = (() => {
      try {
        registry.checked(
          'test-1',
          anEvent('PersonNamed', { first: 'Ada', last: 'Lovelace', nickname: 42, email: 'ada@example.com' }),
        );
      } catch (caught) {
        return caught as EventSchemaError;
      }
      throw new Error('not refused');
    })();
    expect(error.details.issues).toEqual([expect.stringMatching(/^nickname: /), expect.stringMatching(/email/)]);
    expect(error.message).not.toContain('ada@example.com');
    expect(error.message).not.toContain('42');
  });

  it('upcasts through the whole chain from any old version, touching only the data', () => {
    const v1 = recorded('PersonNamed', { name: 'Grace Brewster Hopper' });
    const v2 = recorded('PersonNamed', { first: 'Grace', last: 'Hopper' }, metadata({ schemaVersion: 2 }));
    expect(registry.upcast(v1)).toEqual({ ...v1, data: { first: 'Grace', last: 'Brewster Hopper', nickname: null } });
    expect(registry.upcast(v2)).toEqual({ ...v2, data: { first: 'Grace', last: 'Hopper', nickname: null } });
    expect(registry.upcast(v1).dataText).toBe(v1.dataText);
    expect(v1.data).toEqual({ name: 'Grace Brewster Hopper' });
  });

  it('hands back the current version, and types it has no schema for, as they are', () => {
    const current = recorded(
      'PersonNamed',
      { first: 'Ada', last: 'Lovelace', nickname: null },
      metadata({ schemaVersion: 3 }),
    );
    const unknown = recorded('SomethingHappened', { value: 1 });
    expect(registry.upcast(current)).toBe(current);
    expect(registry.upcast(unknown)).toBe(unknown);
  });

  it('refuses to read a version newer than its own, rather than misread it', () => {
    expect(() => registry.upcast(recorded('PersonNamed', {}, metadata({ schemaVersion: 4 })))).toThrow(
      /version 4, newer than this release's 3/,
    );
  });

  it('refuses a registration whose upcasters do not reach its version, or a type registered twice', () => {
    expect(() => new EventSchemaRegistry([{ PersonNamed: { ...personV3, upcasters: [] } }])).toThrow(
      /needs version - 1/,
    );
    expect(() => new EventSchemaRegistry([{ PersonNamed: personV3 }, { PersonNamed: personV3 }])).toThrow(
      /two schemas/,
    );
  });

  it("parses stored data of any version against today's schema", () => {
    expect(registry.parseStored('PersonNamed', { name: 'Ada Lovelace' }, 1)?.success).toBe(true);
    expect(registry.parseStored('PersonNamed', { first: 'Ada' }, 2)?.success).toBe(false);
    expect(registry.parseStored('PersonMoved', {}, 1)).toBeNull();
  });
});

describe('KycStatusChanged v1 → v2 (decisions from before decision ids)', () => {
  const decision = { status: 'PASSED', decidedBy: 'officer-1', submissionId: 'submission-1' };

  it('gives a v1 decision without an id decisionId null, and keeps the id of one that has it', () => {
    expect(EVENT_SCHEMAS.upcast(recorded('KycStatusChanged', decision)).data).toEqual({
      ...decision,
      decisionId: null,
    });
    expect(EVENT_SCHEMAS.upcast(recorded('KycStatusChanged', { ...decision, decisionId: 'decision-1' })).data).toEqual({
      ...decision,
      decisionId: 'decision-1',
    });
  });

  it('is what the user state folds: an old decision has no reason to look up', () => {
    const upcast = EVENT_SCHEMAS.upcast(recorded('KycStatusChanged', decision));
    const pending = evolveUser(initialUserState, { type: 'KycSubmitted', data: { submissionId: 'submission-1' } });
    const state = evolveUser(pending, { type: upcast.type, data: upcast.data } as UserEvent);
    expect(state).toMatchObject({ kycStatus: 'PASSED', kycDecisionId: null });
  });

  it('writes v2, and v2 needs the field', () => {
    expect(
      EVENT_SCHEMAS.checked('user-1', anEvent('KycStatusChanged', { ...decision, decisionId: 'decision-1' })).metadata
        .schemaVersion,
    ).toBe(2);
    expect(() => EVENT_SCHEMAS.checked('user-1', anEvent('KycStatusChanged', decision))).toThrow(/decisionId/);
  });
});

describe('RoleRevoked v1 → v2 (revocations from before the reason)', () => {
  const revocation = { role: 'board', revokedBy: 'admin-1' };

  it('gives a v1 revocation reason null, and keeps the reason of a v2 one', () => {
    expect(EVENT_SCHEMAS.upcast(recorded('RoleRevoked', revocation)).data).toEqual({ ...revocation, reason: null });
    expect(
      EVENT_SCHEMAS.upcast(
        recorded('RoleRevoked', { ...revocation, reason: 'left the board' }, metadata({ schemaVersion: 2 })),
      ).data,
    ).toEqual({ ...revocation, reason: 'left the board' });
  });

  it('writes v2, and v2 needs the field', () => {
    expect(
      EVENT_SCHEMAS.checked('user-1', anEvent('RoleRevoked', { ...revocation, reason: 'left the board' })).metadata
        .schemaVersion,
    ).toBe(2);
    expect(() => EVENT_SCHEMAS.checked('user-1', anEvent('RoleRevoked', revocation))).toThrow(/reason/);
  });
});
