import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { learnServerClock, serverNow } from './server-clock';

const browserNow = Date.parse('2024-10-31T10:00:00Z');
const header = (epochMs: number) => new Date(epochMs).toUTCString();

describe('the portal clock as the browser learns it', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(browserNow);
    // Back to no skew: an answer whose Date agrees with the browser.
    learnServerClock(header(browserNow), null, browserNow, browserNow);
  });

  it('corrects a PC clock that runs five minutes slow', () => {
    const server = browserNow + 5 * 60_000;
    learnServerClock(header(server), null, browserNow - 100, browserNow + 100);
    // The header has whole seconds; the estimate sits within the second it names.
    expect(Math.abs(serverNow() - server)).toBeLessThanOrEqual(1000);
  });

  it('ignores a difference the header rounding and the round trip could explain', () => {
    learnServerClock(header(browserNow + 1500), null, browserNow - 100, browserNow + 100);
    expect(serverNow()).toBe(browserNow);
  });

  it('learns nothing from a cached answer or from a slow round trip', () => {
    learnServerClock(header(browserNow - 3_600_000), 'public, max-age=3600', browserNow, browserNow + 50);
    expect(serverNow()).toBe(browserNow);
    learnServerClock(header(browserNow + 60_000), null, browserNow - 2500, browserNow);
    expect(serverNow()).toBe(browserNow);
    learnServerClock('not a date', null, browserNow, browserNow);
    expect(serverNow()).toBe(browserNow);
  });
});
