import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Param, ParseUUIDPipe, Post, Req, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import busboy from 'busboy';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/*
 * The server half of bench/platform/http-adapter.bench.ts: one Nest application on the adapter named
 * by HTTP_ADAPTER (express | fastify) with the shapes of the platform's hot routes and the same
 * global ValidationPipe as libs/service-runtime's bootstrap:
 *   POST /v1/tasks/:id/decision  a validated JSON body, a JSON answer of a decision's size
 *   POST /v1/tasks/claim         no body, a JSON answer of a task's size
 *   POST /v1/evidence            multipart streamed through busboy from the raw request and hashed,
 *                                never buffered (on Fastify the body parser is told to leave it alone)
 *   GET  /cpu                    this process's CPU time so far, for the driver
 * What the platform's own routes add on top (token check, database, outbox) is the same on either
 * adapter, so it is left out: the bench measures what the adapter costs.
 */
class DecisionBody {
  @IsIn(['approved', 'rejected', 'clarification-requested']) outcome!: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100) verifiedValue?: number;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @IsOptional() @IsString({ each: true }) rejectionReasonCodes?: string[];
}

function streamedUpload(request: IncomingMessage): Promise<{ fields: Record<string, string>; sha256: string; sizeBytes: number }> {
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: request.headers, limits: { files: 1, fields: 20, fileSize: 100 * 2 ** 20 } });
    const fields: Record<string, string> = {};
    let file: Promise<{ sha256: string; sizeBytes: number }> = Promise.resolve({ sha256: '', sizeBytes: 0 });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream) => {
      file = new Promise((done, failed) => {
        const hash = createHash('sha256');
        let sizeBytes = 0;
        stream.on('data', (chunk: Buffer) => {
          sizeBytes += chunk.length;
          hash.update(chunk);
        });
        stream.on('error', failed);
        stream.on('end', () => done({ sha256: hash.digest('hex'), sizeBytes }));
      });
    });
    parser.on('error', reject);
    parser.on('close', () => void file.then((received) => resolve({ fields, ...received }), reject));
    request.pipe(parser);
  });
}

@Controller()
class HotRoutesController {
  @Post('v1/tasks/:id/decision')
  decide(@Param('id', ParseUUIDPipe) taskId: string, @Body() body: DecisionBody) {
    return {
      id: randomUUID(), taskId, sequence: 1, kind: 'decision', outcome: body.outcome, verifiedValue: body.verifiedValue ?? null,
      note: body.note ?? null, rejectionReasonCodes: body.rejectionReasonCodes ?? [], decidedBy: 'verifier-1', decidedAt: new Date().toISOString(),
      sampledForQa: false, pemdaCode: '32.73', year: 2025, subIndicatorCode: '1.1.1',
    };
  }

  @Post('v1/tasks/claim')
  @HttpCode(200)
  claim() {
    return {
      id: randomUUID(), pemdaCode: '32.73', year: 2025, subIndicatorCode: '1.1.1', wilayah: 'II', status: 'claimed', claimedBy: 'verifier-1',
      leaseExpiresAt: new Date(Date.now() + 1_800_000).toISOString(), createdAt: new Date().toISOString(),
      evidence: [{ id: randomUUID(), version: 1, fileName: 'laporan.pdf', sizeBytes: 80, sha256: 'a'.repeat(64), claimedValue: 100 }],
      decisions: [],
    };
  }

  @Post('v1/evidence')
  async upload(@Req() request: IncomingMessage & { raw?: IncomingMessage }) {
    const received = await streamedUpload(request.raw ?? request);
    return { id: randomUUID(), ...received.fields, sha256: received.sha256, sizeBytes: received.sizeBytes };
  }

  @Get('cpu')
  cpu() {
    const { user, system } = process.cpuUsage();
    return { cpuMicros: user + system, rssBytes: process.memoryUsage().rss };
  }
}

@Module({ controllers: [HotRoutesController] })
class BenchModule {}

async function main(): Promise<void> {
  const adapterName = process.env.HTTP_ADAPTER ?? 'express';
  const port = Number(process.env.PORT ?? 0);
  const app =
    adapterName === 'fastify'
      ? await NestFactory.create(BenchModule, new FastifyAdapter({ bodyLimit: 1 << 20 }), { logger: false })
      : await NestFactory.create(BenchModule, new ExpressAdapter(), { logger: false });
  if (adapterName === 'fastify') {
    // Leave multipart bodies unread so the route can stream them, as multer-less Express does.
    const fastify = app.getHttpAdapter().getInstance() as { addContentTypeParser: (type: string, parser: (request: unknown, payload: unknown, done: (error: null) => void) => void) => void };
    fastify.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
  }
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.send?.({ port: address.port });
}

void main();
