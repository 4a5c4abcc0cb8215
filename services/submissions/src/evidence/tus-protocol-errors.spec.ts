import { ERRORS } from '@tus/server';
import { tusProtocolAnswer } from './tus-protocol-errors';

describe('tusProtocolAnswer', () => {
  it("keeps tus's status and says the refusal in Indonesian, with tus's words after it", () => {
    const answer = tusProtocolAnswer(ERRORS.INVALID_OFFSET);
    expect(answer?.status_code).toBe(409);
    expect(JSON.parse(answer?.body ?? '')).toEqual({
      statusCode: 409,
      error: 'TUS_INVALID_OFFSET',
      message: 'Upload-Offset tidak sama dengan posisi unggahan; tanyakan posisinya (HEAD) lalu lanjutkan dari sana (Upload-Offset conflict)',
    });
  });

  it('knows a copy of a tus error by its status and body', () => {
    expect(JSON.parse(tusProtocolAnswer({ ...ERRORS.FILE_NO_LONGER_EXISTS })?.body ?? '')).toMatchObject({ statusCode: 410, error: 'TUS_FILE_NO_LONGER_EXISTS' });
  });

  it('leaves alone what is not one of them', () => {
    expect(tusProtocolAnswer({ status_code: 500, body: 'something else' })).toBeUndefined();
  });
});
