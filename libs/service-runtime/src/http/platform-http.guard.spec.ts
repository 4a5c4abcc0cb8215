import { AuthModule, DEV_AUTH_DEFAULTS, Public, Roles, TokenIssuer } from '@mcp/auth';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { PlatformHttpGuard } from './platform-http.guard';
import { RequestRateLimitGuard, SkipRateLimits } from './rate-limits';

@Controller()
class ProbeController {
  @Get('a')
  a() {
    return 'a';
  }

  @Roles('admin')
  @Get('admins-only')
  adminsOnly() {
    return 'admin';
  }

  @Public()
  @Get('open')
  open() {
    return 'open';
  }

  @Public()
  @SkipRateLimits()
  @Get('probe')
  probe() {
    return 'ok';
  }
}

describe('PlatformHttpGuard (token, then rate limits)', () => {
  const issuer = TokenIssuer.forDevelopment();
  let app: INestApplication;
  const get = (path: string, token?: string) => {
    const call = request(app.getHttpServer()).get(path);
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };

  beforeAll(async () => {
    const limits = { RATE_LIMIT_PER_USER_PER_MINUTE: 3, RATE_LIMIT_ANONYMOUS_PER_MINUTE: 2 };
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ ...DEV_AUTH_DEFAULTS, guardAllRoutes: false })],
      controllers: [ProbeController],
      providers: [
        { provide: RequestRateLimitGuard, inject: [Reflector], useFactory: (reflector: Reflector) => new RequestRateLimitGuard(limits, reflector) },
        { provide: APP_GUARD, useClass: PlatformHttpGuard },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('still refuses a missing token (401) and a wrong role (403)', async () => {
    expect((await get('/a')).status).toBe(401);
    expect((await get('/admins-only', await issuer.issue({ subject: 'role-check', roles: ['analyst'] }))).status).toBe(403);
  });

  it('counts a user over all routes, refused ones included, and another user apart', async () => {
    const ani = await issuer.issue({ subject: 'ani', roles: ['analyst'] });
    const statuses = [(await get('/a', ani)).status, (await get('/admins-only', ani)).status, (await get('/a', ani)).status, (await get('/a', ani)).status];
    expect(statuses).toEqual([200, 403, 200, 429]);
    expect((await get('/a', await issuer.issue({ subject: 'budi', roles: ['analyst'] }))).status).toBe(200);
  });

  it('counts callers without a valid token by address, refused tokens included, and never the exempt route', async () => {
    // The address already spent one request on the first test's 401.
    expect((await get('/open')).status).toBe(200);
    expect((await get('/a', 'forged')).status).toBe(429);
    expect((await get('/open')).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await get('/probe')).status).toBe(200);
  });
});
