import { describe, expect, it } from 'vitest';
import { postTask } from '../../../src/ventures/domain/task.decide';
import { createVenture } from '../../../src/ventures/domain/venture.decide';
import { initialVentureState } from '../../../src/ventures/domain/venture.state';
import { ASSIGNEE, OWNER, VENTURE_ID, aVenture, draft, given, posted } from '../../support/ventures';

describe('creating a venture', () => {
  it('given no venture, when a member creates one, then they own it', () => {
    const venture = { ventureId: VENTURE_ID, name: 'Solar Co-op', ownerId: OWNER };
    expect(createVenture(initialVentureState, venture)).toEqual([{ type: 'VentureCreated', data: venture }]);
  });

  it('given the venture exists, when it is created again, then 409', () => {
    expect(() => createVenture(aVenture(), { ventureId: VENTURE_ID, name: 'Other', ownerId: ASSIGNEE })).toThrow(expect.objectContaining({ httpStatus: 409, code: 'VENTURE_EXISTS' }));
  });
});

describe('posting a task', () => {
  it('given a venture, when its owner posts a task, then TaskPosted with tier, kind and no severity', () => {
    expect(postTask(given(), aVenture(), draft(), OWNER)).toEqual([{ type: 'TaskPosted', data: draft() }]);
  });

  it('given a venture, when the owner posts a bug with a severity, then the severity is recorded', () => {
    const bug = draft({ kind: 'bug', severity: 'critical', tier: 'S' });
    expect(postTask(given(), aVenture(), bug, OWNER)).toEqual([{ type: 'TaskPosted', data: bug }]);
  });

  it.each([
    ['a bug without severity', draft({ kind: 'bug', severity: null })],
    ['a feature with a severity', draft({ kind: 'feature', severity: 'low' })],
  ])('when the owner posts %s, then 400 SEVERITY_MISMATCH', (_, task) => {
    expect(() => postTask(given(), aVenture(), task, OWNER)).toThrow(expect.objectContaining({ httpStatus: 400, code: 'SEVERITY_MISMATCH' }));
  });

  it('given a venture, when another member posts a task, then 403 NOT_VENTURE_OWNER', () => {
    expect(() => postTask(given(), aVenture(), draft(), ASSIGNEE)).toThrow(expect.objectContaining({ httpStatus: 403, code: 'NOT_VENTURE_OWNER' }));
  });

  it('given no venture, when a task is posted to it, then 404 VENTURE_NOT_FOUND', () => {
    expect(() => postTask(given(), initialVentureState, draft(), OWNER)).toThrow(expect.objectContaining({ httpStatus: 404, code: 'VENTURE_NOT_FOUND' }));
  });

  it('given the task exists, when it is posted again, then 409 TASK_EXISTS', () => {
    expect(() => postTask(given(posted()), aVenture(), draft(), OWNER)).toThrow(expect.objectContaining({ httpStatus: 409, code: 'TASK_EXISTS' }));
  });
});
