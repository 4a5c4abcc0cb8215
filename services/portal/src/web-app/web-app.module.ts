import { Public } from '@mcp/auth';
import { Controller, Get, HttpCode, Logger, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import serveStatic from 'serve-static';
import { ApiExcludeController } from '@nestjs/swagger';
import type { PortalConfig } from '../portal-config';

const DEFAULT_WEB_DIR = join(__dirname, '..', '..', '..', '..', 'dist', 'portal-web');
/** Paths the portal answers itself; everything else a browser asks for is the app. */
const NOT_THE_APP = /^\/(api|auth|health|metrics|docs)(\/|$|-)/;

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

// Only on a machine without the built app: documenting it would make docs/openapi/portal.json
// differ by machine.
@ApiExcludeController()
@Public()
@Controller()
class WebAppMissingController {
  @Get()
  @HttpCode(503)
  missing(): string {
    return 'Aplikasi web portal belum dibangun: jalankan `npx nx run portal-web:build` (npm run up melakukannya).';
  }
}

/** Serves the built React app, and its index.html for every client-side route (/pemda, /verifikasi …). */
@Module({})
export class WebAppModule implements NestModule {
  private static webDir: string | undefined;

  static register(config: PortalConfig): DynamicModule {
    const webDir = resolve(config.PORTAL_WEB_DIR ?? DEFAULT_WEB_DIR);
    if (!existsSync(join(webDir, 'index.html'))) {
      if (config.PORTAL_WEB_DIR) throw new Error(`PORTAL_WEB_DIR=${config.PORTAL_WEB_DIR} holds no index.html (build the app with npx nx run portal-web:build)`);
      new Logger(WebAppModule.name).warn(`${webDir} holds no built app yet: / answers 503 until npx nx run portal-web:build`);
      WebAppModule.webDir = undefined;
      return { module: WebAppModule, controllers: [WebAppMissingController] };
    }
    WebAppModule.webDir = webDir;
    return { module: WebAppModule };
  }

  configure(consumer: MiddlewareConsumer): void {
    const webDir = WebAppModule.webDir;
    if (!webDir) return;
    const files = serveStatic(webDir, { index: false, setHeaders: securityHeaders, fallthrough: true });
    const indexHtml = join(webDir, 'index.html');
    consumer
      .apply((request: Request, response: Response, next: NextFunction) => {
        // originalUrl: Nest mounts middleware on a pattern, which leaves request.path relative to it.
        const path = request.originalUrl.split('?')[0];
        if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_THE_APP.test(path)) return next();
        request.url = request.originalUrl;
        files(request, response, () => {
          // Not a file: a client-side route (/pemda/32.73 too), unless it names a missing asset.
          if (/\.(m?js|css|map|png|jpe?g|svg|ico|woff2?|json|txt|wasm|webmanifest)$/i.test(path)) return next();
          securityHeaders(response, indexHtml);
          response.sendFile(indexHtml);
        });
      })
      .forRoutes('{*path}');
  }
}
