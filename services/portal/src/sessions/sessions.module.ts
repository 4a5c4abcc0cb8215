import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import cookieParser from 'cookie-parser';
import { PortalSession } from './portal-session.entity';
import { SessionPrincipalMiddleware } from './session-principal.middleware';
import { SessionGuard } from './session.guard';
import { SessionStore } from './session-store';

@Module({
  imports: [TypeOrmModule.forFeature([PortalSession])],
  providers: [SessionStore, SessionGuard],
  exports: [SessionStore, SessionGuard],
})
export class SessionsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only the routes that read a session or are rate-limited by person: the app's files, /health and
    // /metrics would otherwise cost a session lookup (a database read) each.
    consumer.apply(cookieParser(), SessionPrincipalMiddleware).forRoutes('api/{*path}', 'auth/{*path}');
  }
}
