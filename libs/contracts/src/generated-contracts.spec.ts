import { generateContracts, REGENERATE, staleFiles, type GeneratedFile } from '../scripts/generate-contracts';
import { allContracts } from './all-contracts';
import { exampleOf } from './examples';
import { assertValidData } from './schema-validation';

// Formatting the generated TypeScript with prettier takes a moment on a cold cache.
jest.setTimeout(30_000);

let generated: GeneratedFile[];

beforeAll(async () => {
  generated = await generateContracts();
});

describe('generated contract files', () => {
  it('are what the generator writes today, so schemas, types and asyncapi.yaml cannot drift', () => {
    const stale = staleFiles(generated);
    if (stale.length > 0) {
      throw new Error(`Stale generated files:\n  ${stale.join('\n  ')}\nRegenerate with\n  ${REGENERATE}`);
    }
  });

  it('names a file that differs from what would be generated', () => {
    const edited = generated.map((file) =>
      file.path === 'asyncapi.yaml' ? { ...file, text: `${file.text}# edited by hand\n` } : file,
    );
    expect(staleFiles(edited)).toEqual(['libs/contracts/asyncapi.yaml']);
  });

  it('leaves no timestamp or machine detail in the output, so regenerating is a no-op', async () => {
    expect(await generateContracts()).toEqual(generated);
    for (const { text } of generated) expect(text).not.toMatch(/\/work\/|\/home\/|\/tmp\//);
  });

  it('writes one TypeScript file per schema and one AsyncAPI channel per contract', () => {
    const paths = generated.map(({ path }) => path);
    expect(paths).toContain('src/generated/defs.ts');
    const asyncApi = generated.find(({ path }) => path === 'asyncapi.yaml')?.text ?? '';
    for (const contract of allContracts()) {
      expect(paths).toContain(`src/generated/${contract.topic}.ts`);
      expect(asyncApi).toContain(`address: ${contract.topic}\n`);
    }
  });
});

describe('examples', () => {
  it.each(allContracts().map((contract) => [contract.topic, contract] as const))(
    'the example of %s satisfies its schema',
    (_topic, contract) => {
      expect(() => assertValidData(contract, exampleOf(contract.topic))).not.toThrow();
    },
  );
});
