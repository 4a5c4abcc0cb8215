import { Public } from '@mcp/auth';
import {
  allContracts,
  allTopicSpecs,
  deadLetterTopicOf,
  sharedDefinitionsSchema,
  type EventContract,
} from '@mcp/contracts';
import { DomainError } from '@mcp/service-runtime';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';

export class SchemaListing {
  @ApiProperty({ example: 'mcp.score.updated.v1' })
  topic: string;

  @ApiProperty({ example: 1, description: 'The major version, the `.vN` of the topic (decisions.md #17)' })
  version: number;

  @ApiProperty({ example: 'urn:mcp:schema:mcp.score.updated.v1', description: 'CloudEvents `dataschema` of its events' })
  schemaId: string;

  @ApiProperty({ example: '/v1/schemas/mcp.score.updated.v1' })
  url: string;

  @ApiProperty({ example: 'pemdaCode' })
  key: string;

  @ApiProperty()
  compacted: boolean;

  @ApiProperty({ example: -1, description: 'retention.ms of the topic; -1 keeps every record' })
  retentionMs: number;

  @ApiProperty({ example: 'scoring' })
  producer: string;

  @ApiProperty({ example: 'mcp.score.updated.v1.dlq' })
  deadLetterTopic: string;
}

/**
 * The event schemas at run time, from the build that runs (so always the ones in force), for
 * consumers that validate or generate code. No token: schemas are public documentation.
 */
@ApiTags('schemas')
@Public()
@Controller('v1/schemas')
export class SchemasController {
  @Get()
  @ApiOperation({ summary: 'Every event topic with its schema, key, compaction and retention' })
  @ApiOkResponse({ type: [SchemaListing] })
  list(): SchemaListing[] {
    const retention = new Map(allTopicSpecs().map((spec) => [spec.name, spec.retentionMs]));
    return allContracts().map((contract) => ({
      topic: contract.topic,
      version: versionOf(contract),
      schemaId: contract.dataSchemaId,
      url: `/v1/schemas/${contract.topic}`,
      key: contract.channel.key,
      compacted: contract.channel.compacted,
      retentionMs: retention.get(contract.topic) ?? -1,
      producer: contract.channel.producer,
      deadLetterTopic: deadLetterTopicOf(contract.topic),
    }));
  }

  @Get(':name')
  @ApiOperation({
    summary: 'One JSON Schema (draft 2020-12) by topic, or `defs` for the shared definitions',
    description: 'Schemas refer to each other by `$id` (`urn:mcp:schema:<name>`): fetch `urn:mcp:schema:X` from /v1/schemas/X.',
  })
  @ApiParam({ name: 'name', example: 'mcp.score.updated.v1' })
  @ApiOkResponse({
    description: 'The schema itself',
    content: {
      'application/schema+json': {
        schema: { type: 'object', required: ['$id'], properties: { $schema: { type: 'string' }, $id: { type: 'string', example: 'urn:mcp:schema:mcp.score.updated.v1' } } },
      },
    },
  })
  schema(@Param('name') name: string, @Res({ passthrough: true }) response: Response): Readonly<Record<string, unknown>> {
    const schema = name === 'defs' ? sharedDefinitionsSchema : allContracts().find((candidate) => candidate.topic === name)?.schema;
    if (!schema) {
      throw new DomainError('not-found', 'UNKNOWN_SCHEMA', `Skema ${name} tidak dikenal (unknown schema)`, { name });
    }
    // Set here, not by @Header: a 404 stays JSON and is not cached as if it were a schema.
    response.setHeader('Content-Type', 'application/schema+json');
    response.setHeader('Cache-Control', 'public, max-age=300');
    return schema;
  }
}

function versionOf(contract: EventContract<unknown>): number {
  return Number(/\.v([0-9]+)$/.exec(contract.topic)?.[1] ?? 1);
}
