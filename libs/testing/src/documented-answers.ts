import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './integration-env';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
  components?: { schemas?: Record<string, { properties?: object; additionalProperties?: unknown }> };
}

/**
 * Held to what it lists: a property the code sends but the document does not name (a secret, a
 * stored column) fails the check instead of passing unseen. Only where the document itself says
 * nothing about other properties.
 */
function closed(document: OpenApiDocument): OpenApiDocument {
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  }
  return document;
}

const validators = new Map<string, Ajv>();

/** One Ajv per service's document, which its answers' `$ref`s point into. */
function ajvFor(service: string): Ajv {
  let ajv = validators.get(service);
  if (!ajv) {
    const document = closed(JSON.parse(readFileSync(join(repositoryRoot, 'docs', 'openapi', `${service}.json`), 'utf8')) as OpenApiDocument);
    // Not strict: OpenAPI 3.0 schemas carry `example`, which JSON Schema does not know; `nullable`
    // is Ajv's own (OpenAPI) keyword.
    ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema(document as object, service);
    validators.set(service, ajv);
  }
  return ajv;
}

/**
 * What is wrong with an answer by what docs/openapi/<service>.json says the route answers (its
 * JSON schema for that status), so a test can hold the generated document to the running code:
 * an empty list when it matches.
 */
export function documentedAnswerProblems(service: string, method: string, path: string, status: number, body: unknown): string[] {
  const ajv = ajvFor(service);
  const pointer = `${service}#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer);
  if (!validate) return [`${service} documents no JSON answer for ${method.toUpperCase()} ${path} ${status}`];
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
