import { fromFile, Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allContracts } from './all-contracts';

/**
 * The AsyncAPI document is what a downstream team reads first: it must be valid for the official
 * parser (the one their tooling uses), not only well-formed YAML, and name every topic we have.
 */
describe('asyncapi.yaml', () => {
  it('is valid for @asyncapi/parser, with every topic as a channel', async () => {
    // Our schemas name each other by `$id` (`urn:mcp:schema:defs`); a reader maps those ids to the
    // files (or to the reporting service's /v1/schemas), as the consumer guide shows.
    const parser = new Parser({
      __unstable: {
        resolver: {
          resolvers: [
            {
              schema: 'urn',
              read: (uri) => {
                const name = /^urn:mcp:schema:(.+)$/.exec(uri.toString().replace(/#.*$/, ''))?.[1];
                return readFileSync(join(__dirname, '..', 'schemas', `${name}.schema.json`), 'utf8');
              },
            },
          ],
        },
      },
    });
    const { document, diagnostics } = await fromFile(parser, join(__dirname, '..', 'asyncapi.yaml')).parse();
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0);
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual([]);
    expect(document).toBeDefined();
    const addresses = document?.channels().all().map((channel) => channel.address());
    expect(new Set(addresses)).toEqual(new Set(allContracts().map((contract) => contract.topic)));
  });
});
