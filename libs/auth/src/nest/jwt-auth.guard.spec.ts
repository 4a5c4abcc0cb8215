import { Controller, DynamicModule, Get, INestApplication, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DEV_AUTH_DEFAULTS } from '../dev-auth';
import { AuthPrincipal } from '../principal';
import { TokenIssuer } from '../token-issuer';
import { assertCanActForPemda } from './assert-scope';
import { CurrentPrincipal, Public, Roles } from './auth-decorators';
import { AuthModule } from './auth.module';

@Controller()
class ProbeController {
  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('me')
  me(@CurrentPrincipal() principal: AuthPrincipal) {
    return principal;
  }

  @Roles('verifier', 'qa')
  @Get('queue')
  queue(@CurrentPrincipal() principal: AuthPrincipal) {
    return { wilayah: principal.wilayah };
  }

  @Roles('admin')
  @Get('national-report')
  nationalReport() {
    return { scope: 'nasional' };
  }

  @Roles('pemda-operator', 'admin')
  @Get('pemda/:pemdaCode/evidence')
  evidence(@CurrentPrincipal() principal: AuthPrincipal, @Param('pemdaCode') pemdaCode: string) {
    assertCanActForPemda(principal, pemdaCode);
    return { pemdaCode };
  }
}

const MISSING_OR_INVALID = 'Token tidak ada atau tidak valid (missing or invalid bearer token)';

describe('JwtAuthGuard through AuthModule.forRoot', () => {
  const issuer = TokenIssuer.forDevelopment();
  const verifier: AuthPrincipal = { subject: 'siti', roles: ['verifier'], wilayah: 'I' };
  const operator: AuthPrincipal = { subject: 'budi', roles: ['pemda-operator'], pemdaCode: '32.73' };
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot(DEV_AUTH_DEFAULTS)],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (path: string) => request(app.getHttpServer()).get(path);
  const bearer = async (principal: AuthPrincipal, ttl?: string) => `Bearer ${await issuer.issue(principal, ttl)}`;

  it('lets a @Public() route through without a token', async () => {
    await get('/health').expect(200, { status: 'ok' });
  });

  it('answers 401 without a token', async () => {
    const response = await get('/me').expect(401);
    expect(response.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: MISSING_OR_INVALID,
      detail: 'Header Authorization: Bearer <token> tidak ada',
    });
  });

  it('answers 401 for a scheme other than Bearer', async () => {
    await get('/me').set('Authorization', 'Basic c2l0aTpyYWhhc2lh').expect(401);
  });

  it('answers 401 with the reason for an expired token', async () => {
    const response = await get('/me')
      .set('Authorization', await bearer(verifier, '-5m'))
      .expect(401);
    expect(response.body).toMatchObject({ message: MISSING_OR_INVALID, detail: 'Token sudah kedaluwarsa' });
  });

  it('hands the verified principal to the handler', async () => {
    await get('/me')
      .set('Authorization', await bearer(verifier))
      .expect(200, verifier);
  });

  it('answers 403 naming the required roles for a wrong role', async () => {
    const response = await get('/queue')
      .set('Authorization', await bearer(operator))
      .expect(403);
    expect(response.body.message).toBe(
      'Peran tidak mencukupi: dibutuhkan salah satu dari verifier, qa (requires one of roles: verifier, qa)',
    );
  });

  it('answers 200 for a right role', async () => {
    await get('/queue')
      .set('Authorization', await bearer(verifier))
      .expect(200, { wilayah: 'I' });
  });

  it('does not let admin through a route whose @Roles omit it', async () => {
    await get('/queue')
      .set('Authorization', await bearer({ subject: 'pusat', roles: ['admin'] }))
      .expect(403);
  });

  it('lets an operator act for their own Pemda only', async () => {
    const authorization = await bearer(operator);
    await get('/pemda/32.73/evidence').set('Authorization', authorization).expect(200, { pemdaCode: '32.73' });
    const response = await get('/pemda/32.74/evidence').set('Authorization', authorization).expect(403);
    expect(response.body.message).toContain('Pemda 32.74');
  });
});

describe('other AuthModule set-ups', () => {
  const admin = TokenIssuer.forDevelopment().issue({ subject: 'pusat', roles: ['admin'] });

  async function statusOfNationalReport(authModule: DynamicModule, authorization = ''): Promise<number> {
    const moduleRef = await Test.createTestingModule({
      imports: [authModule],
      controllers: [ProbeController],
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    const { status } = await request(app.getHttpServer()).get('/national-report').set('Authorization', authorization);
    await app.close();
    return status;
  }

  it('forRoot with guardAllRoutes: false leaves routes open unless a guard is applied', async () => {
    expect(await statusOfNationalReport(AuthModule.forRoot({ ...DEV_AUTH_DEFAULTS, guardAllRoutes: false }))).toBe(200);
  });

  it('forRootAsync guards every route too', async () => {
    const authModule = AuthModule.forRootAsync({ useFactory: () => DEV_AUTH_DEFAULTS });
    expect(await statusOfNationalReport(authModule)).toBe(401);
    expect(await statusOfNationalReport(authModule, `Bearer ${await admin}`)).toBe(200);
  });

  it('answers 503, not 401, when the JWKS endpoint is unreachable', async () => {
    const authModule = AuthModule.forRoot({ ...DEV_AUTH_DEFAULTS, jwksUrl: 'http://127.0.0.1:1/certs' });
    expect(await statusOfNationalReport(authModule, `Bearer ${await admin}`)).toBe(503);
  });
});
