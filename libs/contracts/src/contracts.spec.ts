import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AggregateUpdated,
  ContractViolationError,
  createEvent,
  EvidenceSubmitted,
  EvidenceVerified,
  FrameworkPublished,
  ScoreUpdated,
  allTopicSpecs,
  topicConfigOf,
  exampleAggregateUpdated,
  exampleEvidenceSubmitted,
  exampleEvidenceVerified,
  readValidData,
  assertValidData,
  type EvidenceSubmittedV1,
} from './index';

const submitted = exampleEvidenceSubmitted();
const approved = exampleEvidenceVerified();

describe('event contracts', () => {
  it('wraps valid data in a CloudEvents 1.0 envelope keyed and subjected by Pemda', () => {
    const event = createEvent(EvidenceSubmitted, submitted, '/mcp/submissions');
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'mcp.evidence.submitted.v1',
      subject: '32.73/2024/PRC.1.1',
      dataschema: 'urn:mcp:schema:mcp.evidence.submitted.v1',
      datacontenttype: 'application/json',
    });
    expect(EvidenceSubmitted.keyOf(submitted)).toBe('32.73');
  });

  it('refuses to build an event whose data breaks the schema, naming every problem', () => {
    const broken = { ...submitted, pemdaCode: 'Bandung', sha256: 'xyz', extra: true };
    try {
      createEvent(EvidenceSubmitted, broken as EvidenceSubmittedV1, '/mcp/submissions');
      throw new Error('expected a ContractViolationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ContractViolationError);
      const { problems } = error as ContractViolationError;
      expect(problems.join('\n')).toMatch(/pemdaCode/);
      expect(problems.join('\n')).toMatch(/sha256/);
      expect(problems.join('\n')).toMatch(/additional properties/);
    }
  });

  // A v1 topic may gain optional properties (#17): a consumer built before one must read the
  // newer events (#208), while a producer may still write only what its contract says.
  it('lets a consumer read an event with properties its build does not know, dropping them, where a producer is refused', () => {
    const newer = exampleAggregateUpdated();
    const data = {
      ...newer,
      medianScore: '51.20',
      areas: newer.areas?.map((area) => ({ ...area, weightShare: '0.25' })),
    };
    expect(() => assertValidData(AggregateUpdated, structuredClone(data))).toThrow(/additional properties/);

    readValidData(AggregateUpdated, data);
    expect(data).toEqual(newer);
    expect(newer.areas?.length).toBeGreaterThan(0);
  });

  // readValidData's Ajv removes undeclared properties while it tries a combinator's branch, so a
  // closed object inside a failing branch would lose what the matching branch declares (#208).
  it('closes no object inside oneOf, anyOf, allOf, if, then, else or not, so a consumer strips nothing it declares', () => {
    const combinators = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else', 'not']);
    const schemasDir = join(__dirname, '..', 'schemas');
    const shared = JSON.parse(readFileSync(join(schemasDir, 'defs.schema.json'), 'utf8')) as { $defs: Record<string, unknown> };
    const closedUnderCombinator = (node: unknown, path: string, underCombinator: boolean): string[] => {
      if (Array.isArray(node)) return node.flatMap((item, index) => closedUnderCombinator(item, `${path}/${index}`, underCombinator));
      if (node === null || typeof node !== 'object') return [];
      const schema = node as Record<string, unknown>;
      const here = underCombinator && schema['additionalProperties'] === false ? [path] : [];
      // A shared definition used inside a branch is inside it too.
      const ref = typeof schema['$ref'] === 'string' ? /^urn:mcp:schema:defs#\/\$defs\/(.+)$/.exec(schema['$ref']) : null;
      const referenced = underCombinator && ref ? closedUnderCombinator(shared.$defs[ref[1]], `${path} -> ${ref[1]}`, true) : [];
      return here.concat(
        referenced,
        Object.entries(schema).flatMap(([key, child]) => closedUnderCombinator(child, `${path}/${key}`, underCombinator || combinators.has(key))),
      );
    };
    const files = readdirSync(schemasDir).filter((file) => file.endsWith('.schema.json'));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) => closedUnderCombinator(JSON.parse(readFileSync(join(schemasDir, file), 'utf8')), file, false));
    expect(found).toEqual([]);
    // The walk sees such an object where there is one.
    expect(closedUnderCombinator({ oneOf: [{ type: 'object', additionalProperties: false }] }, 'probe', false)).toEqual(['probe/oneOf/0']);
    expect(Object.keys(shared.$defs).length).toBeGreaterThan(3);
  });

  it('still refuses, as a consumer, an event missing a required property or with a wrong type', () => {
    const { pemdaCode: _dropped, ...missing } = { ...submitted, newOptional: 1 };
    expect(() => readValidData(EvidenceSubmitted, missing)).toThrow(/pemdaCode/);
    expect(() => readValidData(EvidenceSubmitted, { ...submitted, sizeBytes: 'three' })).toThrow(/sizeBytes/);
  });

  it('requires a verified value for approvals and a reason for the other outcomes', () => {
    expect(() => createEvent(EvidenceVerified, approved, '/mcp/verification')).not.toThrow();
    expect(() =>
      createEvent(EvidenceVerified, { ...approved, verifiedValue: null }, '/mcp/verification'),
    ).toThrow(ContractViolationError);
    const rejected = { ...approved, outcome: 'rejected' as const, verifiedValue: null };
    expect(() => createEvent(EvidenceVerified, rejected, '/mcp/verification')).toThrow(/reason/);
    expect(() =>
      createEvent(EvidenceVerified, { ...rejected, reason: 'SK belum ditandatangani' }, '/x'),
    ).not.toThrow();
  });

  it('carries scores as exact decimal strings, never floats', () => {
    const score = {
      pemdaCode: '32.73',
      provinceCode: '32',
      wilayah: 'II' as const,
      year: 2024,
      frameworkRevision: 1,
      total: '4.1250',
      previousTotal: '0',
      areas: [{ code: 'PRC', score: '33.0000' }],
      causedByDecisionId: approved.decisionId,
      computedAt: '2024-06-02T08:00:01.000Z',
    };
    expect(() => createEvent(ScoreUpdated, score, '/mcp/scoring')).not.toThrow();
    expect(() =>
      createEvent(ScoreUpdated, { ...score, total: 4.125 as unknown as string }, '/mcp/scoring'),
    ).toThrow(/total/);
    expect(AggregateUpdated.keyOf({ regionCode: 'wilayah-II' } as never)).toBe('wilayah-II');
  });

  it('declares a dead-letter topic for every topic and compacts only the state topics', () => {
    const specs = allTopicSpecs();
    expect(specs.filter((spec) => spec.compacted).map((spec) => spec.name)).toEqual([
      'mcp.score.snapshot.v1',
      'mcp.framework.published.v1',
      'mcp.year.closed.v1',
      'mcp.operator.assignments-changed.v1',
    ]);
    expect(specs.map((spec) => spec.name)).toContain('mcp.evidence.verified.v1.dlq');
  });

  it('keeps every event a read model is built from, and every dead letter, for good (never deleted by time)', () => {
    const specs = allTopicSpecs();
    const expiring = specs.filter((spec) => spec.retentionMs !== -1);
    // Only the lease notice expires, and not before the inboxes forget its id (30 days).
    expect(expiring.map((spec) => [spec.name, spec.retentionMs])).toEqual([['mcp.task.lease-expiring.v1', 30 * 24 * 3600_000]]);
    expect(specs.filter((spec) => spec.compacted).every((spec) => spec.retentionMs === -1)).toBe(true);
    expect(new Set(specs.filter((spec) => spec.name.endsWith('.dlq')).map((spec) => spec.retentionMs))).toEqual(new Set([-1]));
  });

  it('gives the broker the same three settings for every topic, from one function', () => {
    const snapshot = allTopicSpecs().find((spec) => spec.name === 'mcp.score.snapshot.v1');
    expect(snapshot && topicConfigOf(snapshot, 2)).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '-1', 'min.insync.replicas': '2' });
  });
});

describe('AsyncAPI document', () => {
  it('lists every topic and points at a schema file that exists for each', () => {
    const text = readFileSync(join(__dirname, '..', 'asyncapi.yaml'), 'utf8');
    for (const spec of allTopicSpecs().filter((topic) => !topic.name.endsWith('.dlq'))) {
      expect(text).toContain(`address: ${spec.name}`);
      expect(existsSync(join(__dirname, '..', 'schemas', `${spec.name}.schema.json`))).toBe(true);
      expect(text).toContain(`./schemas/${spec.name}.schema.json`);
    }
  });
});

describe('framework published', () => {
  it('compiles its schema and accepts a framework document', () => {
    const data = {
      year: 2024,
      revision: 2,
      framework: { year: 2024, revision: 2, areas: [{ code: 'PRC' }] },
      publishedAt: '2024-03-01T00:00:00.000Z',
    };
    expect(createEvent(FrameworkPublished, data, '/mcp/scoring').subject).toBe('2024/r2');
    expect(() => createEvent(FrameworkPublished, { ...data, framework: { ...data.framework, areas: [] } }, '/x')).toThrow(/areas/);
  });
});
