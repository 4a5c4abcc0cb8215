import {
  Inject,
  Injectable,
  PayloadTooLargeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { DomainError } from '@mcp/service-runtime';
import type { Observable } from 'rxjs';

export const MAX_FRAMEWORK_UPLOAD_BYTES = Symbol('MAX_FRAMEWORK_UPLOAD_BYTES');

/**
 * Reads the multipart `file` of an import into memory (a framework workbook is small, and exceljs
 * reads from a buffer), cut at the configured limit. Multer reports the cut as Nest's own 413;
 * it becomes a domain error that names the limit.
 */
@Injectable()
export class FrameworkFileInterceptor implements NestInterceptor {
  private readonly files: NestInterceptor;

  constructor(@Inject(MAX_FRAMEWORK_UPLOAD_BYTES) private readonly maxBytes: number) {
    const Files = FileInterceptor('file', { limits: { fileSize: maxBytes, files: 1 } });
    this.files = new Files();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.files.intercept(context, next);
    } catch (error) {
      if (!(error instanceof PayloadTooLargeException)) throw error;
      throw new DomainError(
        'too-large',
        'FRAMEWORK_FILE_TOO_LARGE',
        `Berkas kerangka melebihi batas ${this.maxBytes} byte; tidak ada yang diimpor ` +
          `(framework file exceeds the upload limit of ${this.maxBytes} bytes: nothing imported)`,
        { maxBytes: this.maxBytes },
      );
    }
  }
}
