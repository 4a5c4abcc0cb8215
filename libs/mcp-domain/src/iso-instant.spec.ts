import { isIanaTimeZone, isIsoInstantWithOffset } from './iso-instant';

describe('isIsoInstantWithOffset', () => {
  it.each(['2024-11-30T23:59:59+07:00', '2024-11-30T16:59:59Z', '2024-02-29T00:00:00.500+09:00'])(
    'accepts %s',
    (text) => {
      expect(isIsoInstantWithOffset(text)).toBe(true);
    },
  );

  it.each([
    '2024-11-30T23:59:59', // no offset: would be read in the server's zone
    '2024-11-30',
    '2023-02-29T00:00:00+07:00', // not a leap year
    '2024-11-30T24:00:00+07:00',
    '2024-11-30T23:59:59+0700',
  ])('refuses %s', (text) => {
    expect(isIsoInstantWithOffset(text)).toBe(false);
  });
});

describe('isIanaTimeZone', () => {
  it('knows the three Indonesian zones and refuses a typo', () => {
    expect(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'].every(isIanaTimeZone)).toBe(true);
    expect(isIanaTimeZone('Asia/Jakartaa')).toBe(false);
  });
});
