import { describe, expect, it } from 'vitest';
import { afterCap, linkPath, localDay, quietUntil } from '../../src/domain/reach';

const night = { from: '21:00', to: '08:00' };
const zone = 'Asia/Shanghai';
// Shanghai is UTC+8 all year.
const at = (local: string) => new Date(`${local}+08:00`);

describe('quiet hours', () => {
  it('holds a message sent late in the evening until the morning', () => {
    expect(quietUntil(at('2026-11-30T22:30:00'), zone, night)).toEqual(at('2026-12-01T08:00:00'));
    expect(quietUntil(at('2026-11-30T21:00:00'), zone, night)).toEqual(at('2026-12-01T08:00:00'));
  });

  it('holds one sent after midnight until the same morning', () => {
    expect(quietUntil(at('2026-12-01T03:00:00'), zone, night)).toEqual(at('2026-12-01T08:00:00'));
  });

  it('lets the day through, from the end of the spell to its start', () => {
    expect(quietUntil(at('2026-12-01T08:00:00'), zone, night)).toBeNull();
    expect(quietUntil(at('2026-12-01T20:59:00'), zone, night)).toBeNull();
  });

  it('reads the hours in the given zone', () => {
    // 22:30 in Shanghai is 15:30 in Berlin: not quiet there.
    expect(quietUntil(at('2026-11-30T22:30:00'), 'Europe/Berlin', night)).toBeNull();
  });

  it('handles a spell within one day, and none at all', () => {
    expect(quietUntil(at('2026-12-01T13:00:00'), zone, { from: '12:00', to: '14:00' })).toEqual(at('2026-12-01T14:00:00'));
    expect(quietUntil(at('2026-12-01T03:00:00'), zone, { from: '00:00', to: '00:00' })).toBeNull();
  });

  it('sends what is over the daily cap the next morning, after the quiet hours', () => {
    expect(afterCap(at('2026-12-01T15:00:00'), zone, night)).toEqual(at('2026-12-02T08:00:00'));
    expect(localDay(at('2026-12-01T00:30:00'), zone).start).toEqual(at('2026-12-01T00:00:00'));
  });

  it('gives an SMS template the path of a link, which the template puts after its approved host', () => {
    expect(linkPath('https://pledge.example.com/c/abc?x=1')).toBe('c/abc?x=1');
  });
});
