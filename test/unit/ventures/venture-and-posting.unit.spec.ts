import { describe, it } from 'vitest';
import type { TaskPostedData } from '../../../src/ventures/domain/task.events';
import { initialVentureState } from '../../../src/ventures/domain/venture.state';
import { ASSIGNEE, OWNER, VENTURE_ID, aVenture, draft, posted, taskSpec, ventureSpec } from '../../support/ventures';

const venture = { ventureId: VENTURE_ID, name: 'Solar Co-op', ownerId: OWNER, founders: [] };
const created = { type: 'VentureCreated', data: venture } as const;
const SKILL_CATALOG: ReadonlySet<string> = new Set(['typescript', 'sql', 'ux-design']);
const post = (task: TaskPostedData = draft(), actorId = OWNER, onVenture = aVenture()) =>
  ({ type: 'PostTask', task, actorId, venture: onVenture, skillCatalog: SKILL_CATALOG }) as const;

describe('creating a venture', () => {
  it('given no venture, when a member creates one, then they own it', () => {
    ventureSpec.given().when({ type: 'CreateVenture', venture }).then(created);
  });

  it('given the venture exists, when it is created again, then 409', () => {
    ventureSpec
      .given(created)
      .when({ type: 'CreateVenture', venture: { ...venture, name: 'Other', ownerId: ASSIGNEE } })
      .thenThrows({ httpStatus: 409, code: 'VENTURE_EXISTS' });
  });

  it('keeps its invariant: a venture is created once', () => {
    ventureSpec.given(created, created).thenViolates('a venture is created once');
  });
});

describe('posting a task', () => {
  it('given a venture, when its owner posts a task, then TaskPosted with tier, kind and no severity', () => {
    taskSpec.given().when(post()).then({ type: 'TaskPosted', data: draft() });
  });

  it('given a venture, when the owner posts a bug with a severity, then the severity is recorded', () => {
    const bug = draft({ kind: 'bug', severity: 'critical', tier: 'S' });
    taskSpec.given().when(post(bug)).then({ type: 'TaskPosted', data: bug });
  });

  it.each([
    ['a bug without severity', draft({ kind: 'bug', severity: null })],
    ['a feature with a severity', draft({ kind: 'feature', severity: 'low' })],
  ])('when the owner posts %s, then 400 SEVERITY_MISMATCH', (_, task) => {
    taskSpec.given().when(post(task)).thenThrows({ httpStatus: 400, code: 'SEVERITY_MISMATCH' });
  });

  it('given a venture, when another member posts a task, then 403 NOT_VENTURE_OWNER', () => {
    taskSpec.given().when(post(draft(), ASSIGNEE)).thenThrows({ httpStatus: 403, code: 'NOT_VENTURE_OWNER' });
  });

  it('given no venture, when a task is posted to it, then 404 VENTURE_NOT_FOUND', () => {
    taskSpec
      .given()
      .when(post(draft(), OWNER, initialVentureState))
      .thenThrows({ httpStatus: 404, code: 'VENTURE_NOT_FOUND' });
  });

  it('given a venture, when the owner posts a task naming catalog skills, then TaskPosted records them', () => {
    const skilled = draft({ skills: ['typescript', 'sql'] });
    taskSpec.given().when(post(skilled)).then({ type: 'TaskPosted', data: skilled });
  });

  it('when the owner posts a task naming a skill the catalog lacks, then 400 UNKNOWN_SKILL naming it', () => {
    taskSpec
      .given()
      .when(post(draft({ skills: ['typescript', 'juggling'] })))
      .thenThrows({ httpStatus: 400, code: 'UNKNOWN_SKILL', details: { skills: ['juggling'] } });
  });

  it('given the task exists, when it is posted again, then 409 TASK_EXISTS', () => {
    taskSpec.given(posted()).when(post()).thenThrows({ httpStatus: 409, code: 'TASK_EXISTS' });
  });
});
