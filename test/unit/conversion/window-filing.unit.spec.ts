import { describe, expect, it } from 'vitest';
import { fileConversion, listWindow } from '../../../src/conversion/domain/window.decide';
import type { WindowEvent } from '../../../src/conversion/domain/window.events';
import { evolveWindow, initialWindowState, windowIndexDecider, type WindowState } from '../../../src/conversion/domain/window.state';

const scheduled: WindowEvent = {
  type: 'WindowScheduled',
  data: { windowId: 'w1', ventureId: 'v1', opensAt: '2026-12-01T00:00:00.000Z', closesAt: '2026-12-08T00:00:00.000Z', equityRateBps: '100', poolCapBps: null, scheduledBy: 'b1' },
};
const given = (...events: WindowEvent[]): WindowState => events.reduce(evolveWindow, initialWindowState);
const during = new Date('2026-12-02T00:00:00.000Z');

describe('filing a request on its window', () => {
  it('files while the window is open, and the window lists it for finalization', () => {
    const open = given(scheduled, { type: 'WindowOpened', data: { at: during.toISOString() } });
    const events = fileConversion(open, { windowId: 'w1', conversionId: 'c1', now: during });
    expect(events).toEqual([{ type: 'ConversionFiled', data: { conversionId: 'c1' } }]);
    expect(events.reduce(evolveWindow, open).conversionIds).toEqual(['c1']);
  });

  it('refuses a window that is not open yet, closed, or past its closing time', () => {
    const notOpen = (state: WindowState, now = during) => () => fileConversion(state, { windowId: 'w1', conversionId: 'c1', now });
    expect(notOpen(given(scheduled))).toThrow(expect.objectContaining({ code: 'WINDOW_NOT_OPEN' }));
    expect(notOpen(given(scheduled, { type: 'WindowOpened', data: { at: '' } }, { type: 'WindowClosed', data: { at: '' } }))).toThrow(expect.objectContaining({ code: 'WINDOW_NOT_OPEN' }));
    expect(notOpen(given(scheduled, { type: 'WindowOpened', data: { at: '' } }), new Date('2026-12-08T00:00:00.000Z'))).toThrow(expect.objectContaining({ code: 'WINDOW_NOT_OPEN' }));
  });

  it('lists a window on the index once', () => {
    const listed = listWindow(windowIndexDecider.initialState, 'w1').reduce(windowIndexDecider.evolve, windowIndexDecider.initialState);
    expect(listed.windowIds).toEqual(['w1']);
    expect(listWindow(listed, 'w1')).toEqual([]);
  });
});
