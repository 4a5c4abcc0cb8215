import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceCatalogue } from '../definition/service-catalogue';

/**
 * docs/openapi/<service>.json are generated from the code (e2e/src/openapi/write-openapi.ts; its
 * --check in deploy/local/test.sh keeps them current and cross-checks them against the routes Nest
 * registers). Here: what "exact" means that a machine can check on the documents themselves.
 */
const root = join(__dirname, '..', '..', '..', '..');

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Response {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  responses?: Record<string, Response>;
  security?: unknown[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const documents = serviceCatalogue.map(({ name }) => ({
  service: name,
  document: JSON.parse(readFileSync(join(root, 'docs', 'openapi', `${name}.json`), 'utf8')) as Document,
}));

const operations = documents.flatMap(({ service, document }) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ key: `${service} ${method.toUpperCase()} ${path}`, path, operation, document })),
  ),
);

/**
 * Successful answers documented without a body schema today (a schema needs a DTO class per answer).
 * The test fails when one of these gains a schema (remove it here) and when any other route lacks
 * one, so this list only shrinks.
 */
const KNOWN_WITHOUT_RESPONSE_SCHEMA = [
  'notification GET /v1/templates',
  'notification GET /v1/templates/{kind}/preview',
  'notification GET /v1/templates/{kind}/preview.html',
  'notification GET /v1/notifications',
  'notification GET /v1/inbox',
  'notification GET /v1/inbox/unread-count',
  'notification POST /v1/inbox/{id}/read',
  'notification POST /v1/inbox/read-all',
  'notification GET /v1/inbox/stream',
  'notification PUT /v1/recipients/{userId}',
  'notification GET /v1/recipients',
  'notification GET /v1/my/preferences',
  'notification PUT /v1/my/preferences',
  'notification POST /v1/unsubscribe',
  'notification POST /v1/webhooks',
  'notification GET /v1/webhooks',
  'notification POST /v1/webhooks/{id}/secrets',
  'notification POST /v1/webhooks/{id}/enable',
  'notification GET /v1/webhooks/{id}/deliveries',
  'notification POST /v1/webhooks/deliveries/{deliveryId}/resend',
  'portal GET /auth/session',
  'portal GET /auth/methods',
  'portal GET /auth/dev/options',
  'portal POST /auth/dev/sign-in',
  'portal POST /auth/sign-out',
  'portal GET /auth/oidc/start',
  'portal GET /auth/oidc/callback',
  'portal GET /api/live',
  'reporting GET /v1/reports/rankings/export',
  'reporting GET /v1/reports/detail/export',
  'reporting GET /v1/reports/pemda/{pemdaCode}/report-card.pdf',
  'reporting GET /v1/schemas/{name}',
];

describe('the generated OpenAPI documents (docs/openapi)', () => {
  it('has one document per service, each with operations', () => {
    expect(documents.map(({ service }) => service)).toEqual(serviceCatalogue.map(({ name }) => name));
    for (const { document } of documents) expect(Object.keys(document.paths).length).toBeGreaterThan(0);
  });

  it('declares no parameter twice (headers compared case-insensitively), so none contradicts another', () => {
    const duplicates = operations.flatMap(({ key, operation }) => {
      const names = (operation.parameters ?? []).map((parameter) => `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`);
      return names.filter((name, index) => names.indexOf(name) !== index).map((name) => `${key} ${name}`);
    });
    expect(duplicates).toEqual([]);
  });

  it('declares exactly the path parameters of each path template, all required', () => {
    const problems = operations.flatMap(({ key, path, operation }) => {
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      const names = declared.map((parameter) => parameter.name).sort();
      return [
        ...(JSON.stringify(names) === JSON.stringify(inTemplate) ? [] : [`${key}: declares ${names.join(',') || 'none'}`]),
        ...declared.filter((parameter) => parameter.required !== true).map((parameter) => `${key}: ${parameter.name} not required`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('gives every operation a unique operationId and at least one successful or redirect answer', () => {
    const ids = operations.map(({ key, operation }) => `${key.split(' ')[0]} ${operation.operationId ?? ''}`);
    expect(ids.filter((id, index) => id.endsWith(' ') || ids.indexOf(id) !== index)).toEqual([]);
    expect(operations.filter(({ operation }) => !Object.keys(operation.responses ?? {}).some((status) => /^[23]/.test(status))).map(({ key }) => key)).toEqual([]);
  });

  it("documents the guard's 401 and 403, with the error body, on every route that needs a bearer token", () => {
    const missing = operations
      .filter(({ operation }) => operation.security?.length)
      .flatMap(({ key, operation }) => ['401', '403'].filter((status) => !operation.responses?.[status]?.content?.['application/json']?.schema).map((status) => `${key} ${status}`));
    expect(missing).toEqual([]);
  });

  it('resolves every $ref inside its own document', () => {
    const unresolved = documents.flatMap(({ service, document }) =>
      [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)]
        .map((match) => match[1])
        .filter((name) => !document.components?.schemas?.[name])
        .map((name) => `${service} ${name}`),
    );
    expect(unresolved).toEqual([]);
  });

  it('gives every successful answer with a body a schema, except the listed known gaps', () => {
    const withoutSchema = operations
      .filter(({ operation }) =>
        Object.entries(operation.responses ?? {}).some(
          // An answer documented with headers only has no body (tus answers in headers).
          ([status, response]) => /^2/.test(status) && status !== '204' && !response.headers && !Object.values(response.content ?? {}).some((media) => media.schema),
        ),
      )
      .map(({ key }) => key);
    expect(withoutSchema.sort()).toEqual([...KNOWN_WITHOUT_RESPONSE_SCHEMA].sort());
  });
});
