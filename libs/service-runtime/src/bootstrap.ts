import { kafkaTransportOptions } from '@mcp/messaging';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { ServiceConfig } from './config/service-config';
import { DomainErrorFilter } from './errors/domain-error.filter';
import type { ServiceDefinition } from './service-platform.module';

/**
 * Builds a service's Nest application exactly as production runs it (pipes, filter, OpenAPI,
 * Kafka consumer), without listening yet, so integration tests start the real thing.
 */
export async function createServiceApp(
  appModule: unknown,
  config: ServiceConfig,
  service: Pick<ServiceDefinition, 'name'> & { description: string },
): Promise<INestApplication> {
  const app = await NestFactory.create(appModule as never, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useGlobalFilters(new DomainErrorFilter());
  const openApi = new DocumentBuilder()
    .setTitle(`MCP ${service.name}`)
    .setDescription(service.description)
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  app.connectMicroservice(
    kafkaTransportOptions({
      brokers: config.KAFKA_BROKERS,
      clientId: `mcp-${service.name}`,
      partitions: config.KAFKA_PARTITIONS,
    }),
    { inheritAppConfig: true },
  );
  // init first: it creates the topics, which the consumer must find when it subscribes.
  await app.init();
  await app.startAllMicroservices();
  return app;
}

export async function runService(
  appModule: unknown,
  config: ServiceConfig,
  service: Pick<ServiceDefinition, 'name'> & { description: string },
): Promise<INestApplication> {
  const app = await createServiceApp(appModule, config, service);
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`${service.name} listening on http://${config.HOST}:${config.PORT} (docs at /docs)`);
  return app;
}
