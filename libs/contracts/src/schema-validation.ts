import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import defsSchema from '../schemas/defs.schema.json';
import type { EventContract } from './event-contract';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(defsSchema);

// A consumer's validator: where a schema closes an object (`additionalProperties: false`), a
// property this build does not know is dropped instead of failing the event. A v1 topic may gain
// optional properties (docs/decisions.md #17), so a consumer deployed before its producer must
// read the newer events, not dead-letter them (#208).
const readerAjv = new Ajv2020({ allErrors: true, strict: true, removeAdditional: true });
addFormats(readerAjv);
readerAjv.addSchema(defsSchema);

/** The shared definitions every event schema refers to as `urn:mcp:schema:defs`. */
export const sharedDefinitionsSchema: Readonly<Record<string, unknown>> = defsSchema;
const compiled = new Map<string, ValidateFunction>();
const compiledForReaders = new Map<string, ValidateFunction>();

export class ContractViolationError extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`Event ${eventType} violates its schema: ${problems.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

function validatorFor(contract: EventContract<unknown>, validators = compiled, compiler = ajv): ValidateFunction {
  let validate = validators.get(contract.dataSchemaId);
  if (!validate) {
    validate = compiler.compile(contract.schema);
    validators.set(contract.dataSchemaId, validate);
  }
  return validate;
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
}

/**
 * A producer's check: narrows `data` to the contract's type, or throws listing every problem
 * found. A property the schema does not declare is a problem here: a producer writes only what its
 * contract says.
 */
export function assertValidData<TData>(
  contract: EventContract<TData>,
  data: unknown,
): asserts data is TData {
  const validate = validatorFor(contract as EventContract<unknown>);
  if (!validate(data)) {
    throw new ContractViolationError(contract.type, (validate.errors ?? []).map(describe));
  }
}

/**
 * A consumer's check (a tolerant reader): drops from `data`, in place, every property the
 * contract's schema does not declare where it closes an object, then narrows the rest to the
 * contract's type as strictly as `assertValidData` does (a missing required property, a wrong
 * type or value still throws). For data just decoded from a record, never for data kept elsewhere.
 */
export function readValidData<TData>(
  contract: EventContract<TData>,
  data: unknown,
): asserts data is TData {
  const validate = validatorFor(contract as EventContract<unknown>, compiledForReaders, readerAjv);
  if (!validate(data)) {
    throw new ContractViolationError(contract.type, (validate.errors ?? []).map(describe));
  }
}
