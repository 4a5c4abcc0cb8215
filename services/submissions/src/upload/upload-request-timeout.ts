import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

export const UPLOAD_REQUEST_TIMEOUT_MS = Symbol('UPLOAD_REQUEST_TIMEOUT_MS');

/**
 * Node ends any request still running after 5 minutes (`server.requestTimeout`), which would cut
 * large uploads over the slow lines of regional offices; this service allows the configured time.
 */
@Injectable()
export class UploadRequestTimeout implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(UPLOAD_REQUEST_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server) server.requestTimeout = this.timeoutMs;
  }
}
