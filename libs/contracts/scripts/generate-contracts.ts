/**
 * Generates what used to be kept in step with the JSON Schemas by hand: the TypeScript type of
 * every schema (src/generated/*.ts) and the AsyncAPI document (asyncapi.yaml). The schemas stay
 * the one truth that downstream analytics also read; the contracts in src/ add topic, key,
 * compaction and producer.
 *
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts          # write
 *   node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts --check  # CI: fail on drift
 */
import { compile, type Options } from 'json-schema-to-typescript';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { allContracts } from '../src/all-contracts';
import { createEvent } from '../src/envelope';
import type { EventContract } from '../src/event-contract';
import { exampleOf } from '../src/examples';
import { TOPIC_RETENTION_MS } from '../src/topics';
import { stringify } from 'yaml';

type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** Paths are reported and written into headers relative to the repo, whatever the cwd. */
const LIB = 'libs/contracts';
const libRoot = join(__dirname, '..');
const SCHEMAS_DIR = 'schemas';
const GENERATED_DIR = 'src/generated';
const ASYNCAPI_FILE = 'asyncapi.yaml';
export const REGENERATE = 'node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts';

export interface GeneratedFile {
  /** Relative to libs/contracts. */
  readonly path: string;
  readonly text: string;
}

interface SchemaFile {
  readonly fileName: string;
  readonly schema: Record<string, unknown>;
  readonly text: string;
}

function readSchemas(): SchemaFile[] {
  return readdirSync(join(libRoot, SCHEMAS_DIR))
    .filter((fileName) => fileName.endsWith('.schema.json'))
    .sort()
    .map((fileName) => {
      const text = readFileSync(join(libRoot, SCHEMAS_DIR, fileName), 'utf8');
      return { fileName, text, schema: JSON.parse(text) as Record<string, unknown> };
    });
}

function baseNameOf(schemaFileName: string): string {
  return schemaFileName.replace(/\.schema\.json$/, '');
}

/** `mcp.evidence.submitted.v1` → `EvidenceSubmittedV1`: the names consumers already import. */
function typeNameOf(baseName: string): string {
  return baseName
    .replace(/^mcp\./, '')
    .split(/[.\-_]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function typeScriptOptions(schemas: SchemaFile[], rootId: unknown, rootName: string): Partial<Options> {
  const byId = new Map(schemas.map(({ schema, text }) => [schema['$id'], text]));
  return {
    bannerComment: '',
    cwd: join(libRoot, SCHEMAS_DIR),
    // The schemas refer to each other by `$id` (a URN, as Ajv resolves them), which the ref parser
    // cannot fetch; serving the files by `$id` keeps the schemas free of file paths.
    $refOptions: {
      resolve: {
        mcp: {
          order: 1,
          canRead: /^urn:mcp:schema:/,
          read: ({ url }: { url: string }) => {
            const text = byId.get(url);
            if (text === undefined) throw new Error(`No schema in ${LIB}/${SCHEMAS_DIR} has $id ${url}`);
            return text;
          },
        },
      },
    },
    customName: (schema) => (schema.$id === rootId ? rootName : undefined),
    // A tuple for `minItems: 1` would make every producer prove non-emptiness to the compiler;
    // Ajv checks the counts when the event is built.
    ignoreMinAndMaxItems: true,
    // defs.schema.json has nothing but `$defs`: declare them, or its file would be empty.
    unreachableDefinitions: true,
    style: { singleQuote: true, printWidth: 100, bracketSpacing: true, trailingComma: 'all', semi: true },
  };
}

async function typeScriptOf(file: SchemaFile, schemas: SchemaFile[]): Promise<GeneratedFile> {
  const baseName = baseNameOf(file.fileName);
  const rootName = typeNameOf(baseName);
  const { title, description } = file.schema;
  // The generator spends `title` on the type's name; keep it as the type's documentation instead.
  const documented = {
    ...file.schema,
    description: [title, description].filter((text) => typeof text === 'string').join('\n\n'),
  };
  const body = await compile(documented, rootName, typeScriptOptions(schemas, file.schema['$id'], rootName));
  const banner = [
    '/**',
    ` * Generated from ${LIB}/${SCHEMAS_DIR}/${file.fileName}`,
    ` * by ${LIB}/scripts/generate-contracts.ts. Do not edit: change the schema, then run`,
    ` *   ${REGENERATE}`,
    ' */',
  ].join('\n');
  return { path: `${GENERATED_DIR}/${baseName}.ts`, text: `${banner}\n\n${body.trimStart()}` };
}

const ASYNCAPI_DESCRIPTION = `Every event between the MCP services, and what downstream analytics may read. Envelope:
CloudEvents 1.0 in Kafka binary mode (attributes as \`ce_*\` headers, \`data\` as the JSON value);
structured mode is accepted on consume. The JSON Schemas of \`data\` live beside this file in
\`schemas/\`. A breaking change creates a \`.v2\` topic; \`.v1\` keeps flowing until consumers move.
Every topic has a \`<topic>.dlq\` twin where events that could not be processed are parked with
\`mcp_dlq_reason\`, \`mcp_dlq_consumer\`, \`mcp_dlq_source\` and \`mcp_dlq_failed_at\` headers.
Events carry the W3C trace context of their producer as \`ce_traceparent\` (and \`ce_tracestate\`).
`;

const CLOUD_EVENT_HEADERS = ['ce_id', 'ce_source', 'ce_type', 'ce_specversion', 'ce_time', 'ce_subject', 'ce_dataschema'];

/** Fixed, so the document only changes when a contract does. */
const EXAMPLE_EVENT_ID = '5d1b7e0a-9c3f-4e2b-8a61-0f4c2d9e7b35';
const EXAMPLE_EVENT_TIME = new Date('2024-06-02T08:00:01.000Z');

const KAFKA_BINDING_VERSION = '0.5.0';

/** `EvidenceSubmittedV1` → `evidenceSubmitted`: today's channel ids, which readers may link to. */
function channelIdOf(contract: EventContract<unknown>): string {
  const name = typeNameOf(contract.topic).replace(/V1$/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function channelDescriptionOf({ channel }: EventContract<unknown>): string {
  const key = `Key = ${channel.key}${channel.compacted ? '; compacted' : ''}.`;
  return channel.note ? `${key} ${channel.note}` : key;
}

function exampleHeadersOf(contract: EventContract<unknown>): YamlValue {
  // createEvent validates: an example that breaks its schema stops the generator here.
  const event = createEvent(contract, exampleOf(contract.topic), `/mcp/${contract.channel.producer}`, {
    id: EXAMPLE_EVENT_ID,
    time: EXAMPLE_EVENT_TIME,
  });
  const attributes: Record<string, string> = {
    ce_id: event.id,
    ce_source: event.source,
    ce_type: event.type,
    ce_specversion: event.specversion,
    ce_time: event.time,
    ce_subject: event.subject,
    ce_dataschema: event.dataschema,
  };
  return Object.fromEntries(CLOUD_EVENT_HEADERS.map((name) => [name, attributes[name]]));
}

function messageOf(contract: EventContract<unknown>, channelId: string): YamlValue {
  return {
    name: contract.topic,
    title: String(contract.schema['title']),
    traits: [{ $ref: '#/components/messageTraits/cloudEvent' }],
    // Declared because AsyncAPI's own schema format is draft-07 based and these are 2020-12.
    payload: {
      schemaFormat: 'application/schema+json;version=draft-2020-12',
      schema: { $ref: `./${SCHEMAS_DIR}/${contract.topic}.schema.json` },
    },
    bindings: {
      kafka: { key: { type: 'string', description: contract.channel.key }, bindingVersion: KAFKA_BINDING_VERSION },
    },
    examples: [
      {
        name: `${channelId}Example`,
        headers: exampleHeadersOf(contract),
        payload: exampleOf(contract.topic) as YamlValue,
      },
    ],
  };
}

function asyncApiOf(contracts: EventContract<unknown>[]): GeneratedFile {
  const channels: Record<string, YamlValue> = {};
  const operations: Record<string, YamlValue> = {};
  const messages: Record<string, YamlValue> = {};
  for (const contract of contracts) {
    const id = channelIdOf(contract);
    channels[id] = {
      address: contract.topic,
      description: channelDescriptionOf(contract),
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      bindings: {
        kafka: {
          topicConfiguration: {
            'cleanup.policy': [contract.channel.compacted ? 'compact' : 'delete'],
            'retention.ms': TOPIC_RETENTION_MS[contract.topic],
          },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    operations[`publish${id.charAt(0).toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: contract.channel.producer,
    };
    messages[id] = messageOf(contract, id);
  }
  const document = {
    asyncapi: '3.0.0',
    info: { title: 'MCP platform events', version: '1.0.0', description: ASYNCAPI_DESCRIPTION },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The broker started by deploy/local/kafka/kafka.sh',
      },
    },
    channels,
    operations,
    components: {
      messageTraits: {
        cloudEvent: {
          headers: {
            type: 'object',
            required: CLOUD_EVENT_HEADERS,
            properties: {
              ce_id: { type: 'string', format: 'uuid' },
              ce_source: { type: 'string', examples: ['/mcp/submissions'] },
              ce_type: { type: 'string' },
              ce_specversion: { const: '1.0' },
              ce_time: { type: 'string', format: 'date-time' },
              ce_subject: { type: 'string' },
              ce_dataschema: { type: 'string' },
              ce_traceparent: {
                type: 'string',
                description: 'CloudEvents distributed-tracing extension: W3C trace context of the span that produced the event (docs/decisions.md #33); absent when the producer traced nothing',
                examples: ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
              },
              ce_tracestate: { type: 'string', description: 'W3C tracestate beside ce_traceparent, when the trace has vendor entries' },
            },
          },
        },
      },
      messages,
    },
  };
  const banner = [
    `# Generated by ${LIB}/scripts/generate-contracts.ts from the contracts in src/ and the schemas.`,
    '# Do not edit: change those, then run',
    `#   ${REGENERATE}`,
  ].join('\n');
  return { path: ASYNCAPI_FILE, text: `${banner}\n${stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })}` };
}

/** Everything the script owns, generated in memory; nothing is read from the generated files. */
export async function generateContracts(): Promise<GeneratedFile[]> {
  const schemas = readSchemas();
  const typeScript = await Promise.all(schemas.map((file) => typeScriptOf(file, schemas)));
  return [...typeScript, asyncApiOf(allContracts())];
}

function committedText(path: string): string | undefined {
  const absolute = join(libRoot, path);
  return existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
}

/** Generated files left behind by a schema that is gone. */
function orphansOf(files: GeneratedFile[]): string[] {
  const wanted = new Set(files.map(({ path }) => path));
  const directory = join(libRoot, GENERATED_DIR);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .map((fileName) => `${GENERATED_DIR}/${fileName}`)
    .filter((path) => !wanted.has(path))
    .sort();
}

/** Repo-relative paths of committed files that differ from `files`, are missing, or are orphans. */
export function staleFiles(files: GeneratedFile[]): string[] {
  const differing = files.filter(({ path, text }) => committedText(path) !== text).map(({ path }) => path);
  return [...differing, ...orphansOf(files)].map((path) => `${LIB}/${path}`);
}

async function main(check: boolean): Promise<void> {
  const files = await generateContracts();
  if (check) {
    const stale = staleFiles(files);
    for (const path of stale) console.error(`stale: ${path}`);
    if (stale.length > 0) {
      console.error(`Generated contract files are out of date; regenerate with\n  ${REGENERATE}`);
      process.exitCode = 1;
    }
    return;
  }
  for (const path of orphansOf(files)) {
    rmSync(join(libRoot, path));
    console.log(`removed: ${LIB}/${path}`);
  }
  for (const { path, text } of files) {
    if (committedText(path) === text) continue;
    mkdirSync(dirname(join(libRoot, path)), { recursive: true });
    writeFileSync(join(libRoot, path), text);
    console.log(`wrote: ${LIB}/${path}`);
  }
}

if (require.main === module) {
  main(process.argv.includes('--check')).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
