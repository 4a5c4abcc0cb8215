import { matches } from './webhook-subscription.repository';

describe('which subscriptions an event reaches', () => {
  const everyPemda = { pemdaCode: null, provinceCode: null };
  const kotaBandung = { pemdaCode: '32.73', provinceCode: null };
  const jawaBarat = { pemdaCode: null, provinceCode: '32' };

  it('an event of one Pemda: the unfiltered, that Pemda and its province', () => {
    const scope = { pemdaCode: '32.73', provinceCode: '32' };
    expect([everyPemda, kotaBandung, jawaBarat].map((subscription) => matches(subscription, scope))).toEqual([true, true, true]);
    expect(matches({ pemdaCode: '32.01', provinceCode: null }, scope)).toBe(false);
    expect(matches({ pemdaCode: null, provinceCode: '33' }, scope)).toBe(false);
  });

  it('an event of no Pemda (a year closing): every subscriber, filtered or not', () => {
    expect([everyPemda, kotaBandung, jawaBarat].map((subscription) => matches(subscription, { national: true }))).toEqual([true, true, true]);
  });

  it('an event that lacks its Pemda by mistake: only the unfiltered', () => {
    expect([everyPemda, kotaBandung, jawaBarat].map((subscription) => matches(subscription, {}))).toEqual([true, false, false]);
  });
});
