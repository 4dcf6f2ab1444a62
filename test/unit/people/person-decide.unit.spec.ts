import { describe, expect, it } from 'vitest';
import { ringsClosedBy } from '../../../src/people/domain/endorsement-rings';
import {
  addPortfolioItem,
  addSkill,
  endorse,
  endorsementsLeftOn,
  recordProfileChange,
  verifySkill,
  type EndorsementRequest,
} from '../../../src/people/domain/person.decide';
import type { EndorsementGivenData, PersonEvent } from '../../../src/people/domain/person.events';
import { evolvePerson, initialPersonState, type PersonState } from '../../../src/people/domain/person.state';
import { initialSkillCatalog } from '../../../src/people/domain/skill-catalog';

const [ME, YOU, THEM, ADMIN] = [
  '00000000-0000-4000-8000-00000000000a',
  '00000000-0000-4000-8000-00000000000b',
  '00000000-0000-4000-8000-00000000000c',
  '00000000-0000-4000-8000-00000000000d',
];
const given = (...events: PersonEvent[]): PersonState => events.reduce(evolvePerson, initialPersonState);
// expect.objectContaining is typed `any`; to a test it is only something to compare with.
const refusal = (httpStatus: number, code: string): unknown => expect.objectContaining({ httpStatus, code });
const skillAdded = (skillSlug = 'go'): PersonEvent => ({
  type: 'SkillAdded',
  data: { skillSlug, level: 3, hasEvidence: false },
});
const endorsed = (
  endorseeId: string,
  skillSlug: string,
  day: string,
  endorsementId = `${endorseeId}-${skillSlug}-${day}`,
): PersonEvent => ({
  type: 'EndorsementGiven',
  data: { endorsementId, endorseeId, skillSlug, day, weightMilli: 200, hasNote: false },
});
const request = (overrides: Partial<EndorsementRequest> = {}): EndorsementRequest => ({
  endorsementId: 'e-new',
  endorserId: ME,
  endorseeId: YOU,
  skillSlug: 'go',
  hasNote: false,
  weightMilli: 1000,
  now: new Date('2026-12-07T22:00:00.000Z'),
  ...overrides,
});

describe('profile changes', () => {
  it('when fields change, then ProfileUpdated names them (sorted), never their values; when none do, nothing', () => {
    expect(recordProfileChange(['nickname', 'bio'])).toEqual([
      { type: 'ProfileUpdated', data: { changedFields: ['bio', 'nickname'] } },
    ]);
    expect(recordProfileChange([])).toEqual([]);
  });
});

describe('skills', () => {
  it('given no skills, when one from the catalog is added, then SkillAdded; again, 409; unknown, 404', () => {
    expect(addSkill(given(), initialSkillCatalog, { skillSlug: 'go', level: 3, hasEvidence: true })).toEqual([
      { type: 'SkillAdded', data: { skillSlug: 'go', level: 3, hasEvidence: true } },
    ]);
    expect(() =>
      addSkill(given(skillAdded()), initialSkillCatalog, { skillSlug: 'go', level: 4, hasEvidence: false }),
    ).toThrow(refusal(409, 'SKILL_ALREADY_ADDED'));
    expect(() =>
      addSkill(given(), initialSkillCatalog, { skillSlug: 'juggling', level: 1, hasEvidence: false }),
    ).toThrow(refusal(404, 'SKILL_NOT_FOUND'));
  });

  // An accepted task of THEM's venture that ME did, which named the skill `go`.
  const task = { taskId: 't1', assigneeId: ME, ventureOwnerId: THEM, accepted: true, skills: ['sql', 'go'] };

  it('given a skill, when the owner of the venture whose task the member did verifies it, then SkillVerified with the task', () => {
    expect(
      verifySkill(
        given(skillAdded()),
        ME,
        'go',
        { verifierId: THEM, isAdmin: false, task },
        '2026-12-07T10:00:00.000Z',
      ),
    ).toEqual([
      {
        type: 'SkillVerified',
        data: {
          skillSlug: 'go',
          verifiedBy: THEM,
          basis: 'VENTURE_OWNER',
          taskId: 't1',
          verifiedAt: '2026-12-07T10:00:00.000Z',
        },
      },
    ]);
  });

  it('given a skill, when an admin verifies it without a task, then basis ADMIN; verified twice keeps the first', () => {
    const [verified] = verifySkill(
      given(skillAdded()),
      ME,
      'go',
      { verifierId: ADMIN, isAdmin: true, task: null },
      'now',
    );
    expect(verified.data).toMatchObject({ basis: 'ADMIN', taskId: null });
    expect(
      verifySkill(given(skillAdded(), verified), ME, 'go', { verifierId: THEM, isAdmin: false, task }, 'later'),
    ).toEqual([]);
  });

  it.each([
    ['someone who owns no venture of the task', { verifierId: YOU, isAdmin: false, task }],
    [
      'an owner naming a task someone else did',
      { verifierId: THEM, isAdmin: false, task: { ...task, assigneeId: YOU } },
    ],
    [
      'an owner naming a task nobody claimed',
      { verifierId: THEM, isAdmin: false, task: { ...task, assigneeId: null } },
    ],
    ['an owner naming no task', { verifierId: THEM, isAdmin: false, task: null }],
    ['the member, even an admin', { verifierId: ME, isAdmin: true, task: null }],
  ])('refuses %s with 403 NOT_SKILL_VERIFIER', (_, verifier) => {
    expect(() => verifySkill(given(skillAdded()), ME, 'go', verifier, 'now')).toThrow(
      refusal(403, 'NOT_SKILL_VERIFIER'),
    );
  });

  it('refuses the owner a skill their accepted task did not name (403 SKILL_NOT_ON_TASK), naming what it did', () => {
    const skillless = { ...task, skills: ['sql'] };
    expect(() =>
      verifySkill(given(skillAdded()), ME, 'go', { verifierId: THEM, isAdmin: false, task: skillless }, 'now'),
    ).toThrow(
      expect.objectContaining({
        httpStatus: 403,
        code: 'SKILL_NOT_ON_TASK',
        details: { taskId: 't1', skillSlug: 'go', taskSkills: ['sql'] },
      }),
    );
  });

  it('refuses the owner until the task that named the skill is accepted (409 TASK_NOT_YET_ACCEPTED)', () => {
    const submitted = { ...task, accepted: false };
    expect(() =>
      verifySkill(given(skillAdded()), ME, 'go', { verifierId: THEM, isAdmin: false, task: submitted }, 'now'),
    ).toThrow(refusal(409, 'TASK_NOT_YET_ACCEPTED'));
  });

  it('lets an admin verify what the named task did not name, recorded as ADMIN without the task', () => {
    const [verified] = verifySkill(
      given(skillAdded()),
      ME,
      'go',
      { verifierId: THEM, isAdmin: true, task: { ...task, skills: [] } },
      'now',
    );
    expect(verified.data).toMatchObject({ verifiedBy: THEM, basis: 'ADMIN', taskId: null });
  });

  it('refuses to verify a skill the profile does not list (404)', () => {
    expect(() => verifySkill(given(), ME, 'go', { verifierId: ADMIN, isAdmin: true, task: null }, 'now')).toThrow(
      refusal(404, 'SKILL_NOT_ON_PROFILE'),
    );
  });
});

describe('endorsements', () => {
  it('given none, when endorsing, then EndorsementGiven with the UTC day and the weight', () => {
    expect(endorse(given(), initialSkillCatalog, request())).toEqual([
      {
        type: 'EndorsementGiven',
        data: {
          endorsementId: 'e-new',
          endorseeId: YOU,
          skillSlug: 'go',
          day: '2026-12-07',
          weightMilli: 1000,
          hasNote: false,
        },
      },
    ]);
  });

  it('refuses oneself (400), a repeat for the same member and skill (409), an unknown skill (404)', () => {
    expect(() => endorse(given(), initialSkillCatalog, request({ endorseeId: ME }))).toThrow(
      refusal(400, 'SELF_ENDORSEMENT'),
    );
    expect(() => endorse(given(endorsed(YOU, 'go', '2026-11-01')), initialSkillCatalog, request())).toThrow(
      refusal(409, 'ALREADY_ENDORSED'),
    );
    expect(
      endorse(given(endorsed(YOU, 'go', '2026-11-01')), initialSkillCatalog, request({ skillSlug: 'rust' })),
    ).toHaveLength(1);
    expect(() => endorse(given(), initialSkillCatalog, request({ skillSlug: 'juggling' }))).toThrow(
      refusal(404, 'SKILL_NOT_FOUND'),
    );
  });

  it("given 5 today, when a sixth, then 429 with the seconds to midnight UTC; yesterday's do not count", () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((id) => endorsed(id, 'go', '2026-12-07'));
    expect(() => endorse(given(...five), initialSkillCatalog, request())).toThrow(
      expect.objectContaining({
        httpStatus: 429,
        code: 'DAILY_ENDORSEMENT_LIMIT',
        details: { limit: 5, retryAfterSeconds: 7200 },
      }),
    );
    expect(endorsementsLeftOn(given(...five), '2026-12-07')).toBe(0);
    const yesterday = ['a', 'b', 'c', 'd', 'e'].map((id) => endorsed(id, 'go', '2026-12-06'));
    expect(endorse(given(...yesterday), initialSkillCatalog, request())).toHaveLength(1);
  });
});

describe('portfolio items', () => {
  const item = (task: Parameters<typeof addPortfolioItem>[2]['task']) => ({ itemId: 'i1', isPublic: true, task });

  it("links the member's own accepted task once; refuses someone else's (403) and an unaccepted one (409)", () => {
    expect(addPortfolioItem(given(), ME, item({ taskId: 't1', accepted: { assigneeId: ME } }))).toEqual([
      { type: 'PortfolioItemAdded', data: { itemId: 'i1', taskId: 't1', isPublic: true } },
    ]);
    expect(() => addPortfolioItem(given(), ME, item({ taskId: 't1', accepted: { assigneeId: YOU } }))).toThrow(
      refusal(403, 'NOT_YOUR_TASK'),
    );
    expect(() => addPortfolioItem(given(), ME, item({ taskId: 't1', accepted: null }))).toThrow(
      refusal(409, 'TASK_NOT_ACCEPTED'),
    );
    const linked = given({ type: 'PortfolioItemAdded', data: { itemId: 'i0', taskId: 't1', isPublic: false } });
    expect(() => addPortfolioItem(linked, ME, item({ taskId: 't1', accepted: { assigneeId: ME } }))).toThrow(
      refusal(409, 'TASK_ALREADY_IN_PORTFOLIO'),
    );
    expect(addPortfolioItem(linked, ME, item(null))).toHaveLength(1);
  });
});

describe('endorsement rings', () => {
  const gave = (endorseeId: string, day: string, endorsementId: string): EndorsementGivenData => ({
    endorsementId,
    endorseeId,
    skillSlug: 'go',
    day,
    weightMilli: 200,
    hasNote: false,
  });

  it('finds a reciprocal pair whenever the other endorsed back, and a cycle of three only within one day', () => {
    const closing = gave(YOU, '2026-12-07', 'e-me-you');
    const byYou = [gave(ME, '2026-01-01', 'e-you-me'), gave(THEM, '2026-12-07', 'e-you-them')];
    const rings = ringsClosedBy(ME, closing, (userId) =>
      userId === YOU ? byYou : userId === THEM ? [gave(ME, '2026-12-07', 'e-them-me')] : [],
    );
    expect(rings.map((ring) => [ring.kind, ring.memberIds, ring.endorsementIds])).toEqual([
      ['RECIPROCAL', [ME, YOU], ['e-me-you', 'e-you-me']],
      ['CYCLE', [ME, YOU, THEM].sort(), ['e-me-you', 'e-them-me', 'e-you-them']],
    ]);
    const lateCycle = ringsClosedBy(ME, closing, (userId) =>
      userId === YOU ? [gave(THEM, '2026-12-07', 'x')] : userId === THEM ? [gave(ME, '2026-12-06', 'y')] : [],
    );
    expect(lateCycle).toEqual([]);
  });
});
