import { readTimerEvent } from '../../../lib/compactor/timer-event';

describe('readTimerEvent', () => {
  it("reads FC's timer event, as the Buffer FC passes", () => {
    const event = Buffer.from('{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"every-15-minutes","payload":"note"}');
    expect(readTimerEvent(event)).toEqual({ triggerTime: '2023-12-26T07:49:00Z', triggerName: 'every-15-minutes', payload: 'note' });
  });

  it('leaves out an empty payload and cuts a long one', () => {
    expect(readTimerEvent({ triggerName: 't', payload: '' })).toEqual({ triggerName: 't' });
    expect(readTimerEvent({ payload: 'x'.repeat(1000) }).payload).toHaveLength(200);
  });

  it('accepts anything else as an event that says nothing', () => {
    for (const event of [Buffer.from('not json'), Buffer.alloc(0), '[]', null, undefined, 42, { triggerTime: 7 }]) {
      expect(readTimerEvent(event)).toEqual({});
    }
  });
});
