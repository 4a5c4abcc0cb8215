import { writeFrameworkWorkbook } from '@mcp/master-data';
import { validateFramework } from '@mcp/mcp-domain';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/*
 * Writes a framework JSON as the workbook officials exchange (layout: libs/master-data/src/
 * framework-workbook/workbook-layout.ts); the shipped examples were made with it:
 *   node -r @swc-node/register services/scoring/src/cli/export-framework-xlsx.ts \
 *     libs/master-data/data/frameworks/2024.json libs/master-data/data/frameworks/workbooks/2024.xlsx
 */
const USAGE =
  'Pemakaian: export-framework-xlsx.ts <kerangka.json> [keluaran.xlsx]   (bawaan keluaran: nama kerangka dengan .xlsx; default output: the JSON name with .xlsx)';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length < 1 || positionals.length > 2) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const [input, output = input.replace(/\.json$/i, '') + '.xlsx'] = positionals;
  const document: unknown = JSON.parse(readFileSync(input, 'utf8'));
  const result = validateFramework(document);
  if (!result.ok) {
    console.error(`${input} tidak valid:`);
    for (const problem of result.problems) console.error(`- ${problem.path || '(akar)'}: ${problem.message}`);
    return 1;
  }
  const note = (document as { note?: unknown }).note;
  writeFileSync(output, await writeFrameworkWorkbook(result.framework, typeof note === 'string' ? note : undefined));
  console.log(`${output} ditulis: kerangka ${result.framework.year} (${result.framework.areas.length} area)`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
