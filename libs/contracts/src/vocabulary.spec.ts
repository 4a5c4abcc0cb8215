import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DECISION_OUTCOMES,
  REGION_KINDS,
  WILAYAH,
  type DecisionOutcome,
  type RegionKind,
  type Wilayah,
} from '@mcp/mcp-domain';
import type { AggregateUpdatedV1 } from './generated/mcp.aggregate.updated.v1';
import type { EvidenceVerifiedV1 } from './generated/mcp.evidence.verified.v1';
import type { ScoreUpdatedV1 } from './generated/mcp.score.updated.v1';

/**
 * The domain words exist twice by necessity: in @mcp/mcp-domain for code and in the JSON Schemas
 * for downstream readers who never see TypeScript. These checks make the two one list.
 */
const VOCABULARY: Readonly<Record<string, readonly string[]>> = {
  wilayah: WILAYAH,
  outcome: DECISION_OUTCOMES,
  regionKind: REGION_KINDS,
};

interface Use {
  file: string;
  word: string;
  values: unknown[];
  kind: 'enum' | 'const';
}

const schemasDir = join(__dirname, '..', 'schemas');
const schemas = readdirSync(schemasDir)
  .filter((file) => file.endsWith('.schema.json'))
  .map((file) => ({ file, schema: JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as unknown }));

/** Every `enum` and `const` found under a property or definition named after a domain word. */
function usesIn(file: string, node: unknown, key?: string): Use[] {
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own: Use[] = [];
  if (key !== undefined && key in VOCABULARY) {
    if (Array.isArray(record['enum'])) own.push({ file, word: key, values: record['enum'], kind: 'enum' });
    if ('const' in record) own.push({ file, word: key, values: [record['const']], kind: 'const' });
  }
  return [...own, ...Object.entries(record).flatMap(([child, value]) => usesIn(file, value, child))];
}

const uses = schemas.flatMap(({ file, schema }) => usesIn(file, schema));

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

describe('domain vocabulary in the schemas', () => {
  it.each(Object.keys(VOCABULARY))('every enum of %s equals the vocabulary, in order', (word) => {
    const enums = uses.filter((use) => use.word === word && use.kind === 'enum');
    expect(enums.length).toBeGreaterThan(0);
    for (const use of enums) expect({ file: use.file, values: use.values }).toEqual({ file: use.file, values: VOCABULARY[word] });
  });

  it('uses only vocabulary words as constants (e.g. the approved branch of a decision)', () => {
    for (const use of uses.filter(({ kind }) => kind === 'const')) {
      expect(VOCABULARY[use.word]).toContain(use.values[0]);
    }
  });

  it('spells out exactly the WILAYAH in the pattern of an aggregate region code', () => {
    const aggregate = schemas.find(({ file }) => file === 'mcp.aggregate.updated.v1.schema.json')?.schema as {
      properties: { regionCode: { pattern: string } };
    };
    const listed = /wilayah-\(([^)]*)\)/.exec(aggregate.properties.regionCode.pattern)?.[1].split('|');
    expect(listed).toEqual([...WILAYAH]);
  });

  it('gives the generated types exactly the domain types (checked by tsc)', () => {
    const agree: [
      Same<ScoreUpdatedV1['wilayah'], Wilayah>,
      Same<EvidenceVerifiedV1['outcome'], DecisionOutcome>,
      Same<AggregateUpdatedV1['regionKind'], RegionKind>,
    ] = [true, true, true];
    expect(agree).toEqual([true, true, true]);
  });
});
