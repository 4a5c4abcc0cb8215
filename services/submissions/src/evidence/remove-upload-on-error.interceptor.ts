import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { rm } from 'node:fs/promises';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';

/**
 * Multer writes the upload to disk before validation pipes run; if a pipe (or anything else
 * before the use case takes over) rejects the request, this removes the orphaned temporary file.
 */
@Injectable()
export class RemoveUploadOnErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        const path = request.file?.path;
        const cleanup = path ? rm(path, { force: true }) : Promise.resolve();
        return from(cleanup).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}
