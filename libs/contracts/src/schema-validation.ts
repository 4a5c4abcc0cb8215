import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import defsSchema from '../schemas/defs.schema.json';
import type { EventContract } from './event-contract';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(defsSchema);

/** The shared definitions every event schema refers to as `urn:mcp:schema:defs`. */
export const sharedDefinitionsSchema: Readonly<Record<string, unknown>> = defsSchema;
const compiled = new Map<string, ValidateFunction>();

export class ContractViolationError extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`Event ${eventType} violates its schema: ${problems.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

function validatorFor(contract: EventContract<unknown>): ValidateFunction {
  let validate = compiled.get(contract.dataSchemaId);
  if (!validate) {
    validate = ajv.compile(contract.schema);
    compiled.set(contract.dataSchemaId, validate);
  }
  return validate;
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
}

/** Narrows `data` to the contract's type, or throws listing every problem found. */
export function assertValidData<TData>(
  contract: EventContract<TData>,
  data: unknown,
): asserts data is TData {
  const validate = validatorFor(contract as EventContract<unknown>);
  if (!validate(data)) {
    throw new ContractViolationError(contract.type, (validate.errors ?? []).map(describe));
  }
}
