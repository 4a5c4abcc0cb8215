import { Public } from '@mcp/auth';
import { Controller, Get, HttpCode, Logger, Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PortalConfig } from '../portal-config';

const DEFAULT_WEB_DIR = join(__dirname, '..', '..', '..', '..', 'dist', 'portal-web');

// The app loads nothing from elsewhere; PDF.js runs its worker from our origin and draws
// evidence to canvas, so no script, frame or object from any other source is ever needed.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function securityHeaders(response: ServerResponse, path: string): void {
  response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'same-origin');
  // Hashed asset names change with their content; index.html must be fetched fresh each time.
  response.setHeader('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
}

@Public()
@Controller()
class WebAppMissingController {
  @Get()
  @HttpCode(503)
  missing(): string {
    return 'Aplikasi web portal belum dibangun: jalankan `npx nx run portal-web:build` (npm run up melakukannya).';
  }
}

/** Serves the built React app, and its index.html for every client-side route. */
@Module({})
export class WebAppModule {
  static register(config: PortalConfig): DynamicModule {
    const webDir = resolve(config.PORTAL_WEB_DIR ?? DEFAULT_WEB_DIR);
    if (!existsSync(join(webDir, 'index.html'))) {
      if (config.PORTAL_WEB_DIR) throw new Error(`PORTAL_WEB_DIR=${config.PORTAL_WEB_DIR} holds no index.html (build the app with npx nx run portal-web:build)`);
      new Logger(WebAppModule.name).warn(`${webDir} holds no built app yet: / answers 503 until npx nx run portal-web:build`);
      return { module: WebAppModule, controllers: [WebAppMissingController] };
    }
    return {
      module: WebAppModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: webDir,
          exclude: ['/api/{*path}', '/auth/{*path}', '/health/{*path}', '/docs/{*path}', '/docs'],
          serveStaticOptions: { setHeaders: securityHeaders, index: 'index.html' },
        }),
      ],
    };
  }
}
