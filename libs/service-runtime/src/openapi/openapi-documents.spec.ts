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

  it('lists null in the enum of every nullable enum (OpenAPI 3.0.3: `nullable` does not add it, and validators refuse null)', () => {
    const unsatisfiable: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((item, index) => walk(item, `${at}/${index}`));
      if (typeof node !== 'object' || node === null) return;
      const schema = node as { nullable?: boolean; enum?: unknown[] };
      if (schema.nullable && schema.enum && !schema.enum.includes(null)) unsatisfiable.push(at);
      for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`);
    };
    for (const { service, document } of documents) walk(document, service);
    expect(unsatisfiable).toEqual([]);
  });

  it('types every property: a bare object only where the answer is free-form (listed)', () => {
    // A `string | null` or a union of literals without `type` reflects as Object, and the document
    // then promised an object where the answer holds a string or a number (61 such properties once).
    const freeForm = new Set([
      'ErrorBody.details',
      'FrameworkRevisionView.counts',
      'FrameworkRevisionDocumentView.counts',
      'OperatorAssignmentsView.picByArea',
      'AssignmentHistoryEntryView.details',
      'ProgressView.counts',
      'PrecheckView.findings',
      'TaskHistoryEntryView.detail',
      'ClarificationMessageView.attachment',
      'WilayahStats.oldestWaiting',
      'VerifierStats.oldestWaiting',
    ]);
    type Property = { type?: string; properties?: unknown; additionalProperties?: unknown; $ref?: string };
    const bare = documents.flatMap(({ service, document }) =>
      Object.entries((document.components?.schemas ?? {}) as Record<string, { properties?: Record<string, Property> }>).flatMap(([schema, { properties }]) =>
        Object.entries(properties ?? {})
          .filter(([, property]) => property.type === 'object' && !property.properties && !property.additionalProperties && !property.$ref)
          .map(([name]) => `${schema}.${name}`)
          .filter((key) => !freeForm.has(key))
          .map((key) => `${service} ${key}`),
      ),
    );
    expect(bare).toEqual([]);
  });

  it('gives every successful answer with a body a schema for each of its media types', () => {
    const withoutSchema = operations.flatMap(({ key, operation }) =>
      Object.entries(operation.responses ?? {})
        // 204 has no body; an answer documented with headers and no content has none either (tus answers in headers).
        .filter(([status, response]) => /^2/.test(status) && status !== '204' && !(response.headers && !response.content))
        .filter(([, response]) => Object.keys(response.content ?? {}).length === 0 || Object.values(response.content ?? {}).some((media) => !media.schema))
        .map(([status]) => `${key} ${status}`),
    );
    expect(withoutSchema).toEqual([]);
  });
});
