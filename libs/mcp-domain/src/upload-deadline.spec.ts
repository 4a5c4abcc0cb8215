import { deadlineInForce } from './upload-deadline';

describe('deadlineInForce', () => {
  const general = new Date('2025-11-29T17:00:00Z');

  it('is the year deadline without an extension, and a later extension with one', () => {
    expect(deadlineInForce(general, null)).toBe(general);
    const later = new Date('2025-12-07T16:00:00Z');
    expect(deadlineInForce(general, later)).toBe(later);
  });

  it('keeps the year deadline once it moved past an extension granted before', () => {
    expect(deadlineInForce(new Date('2025-12-14T17:00:00Z'), new Date('2025-12-07T16:00:00Z'))).toEqual(new Date('2025-12-14T17:00:00Z'));
  });
});
