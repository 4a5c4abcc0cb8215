import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Konfigurasi tidak valid (invalid configuration):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function describe(error: ValidationError, env: Record<string, string | undefined>): string {
  // As written in the environment: a number that did not parse is null once converted.
  const written = env[error.property] ?? error.value;
  const value = written === undefined ? 'is not set' : `has value ${JSON.stringify(written)}`;
  const rules = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property} ${value}: ${rules}`;
}

/**
 * Reads a config class from the environment and fails fast, naming every bad variable, so a
 * misconfigured service never half-starts. Defaults are the class's property initialisers.
 */
export function loadConfig<T extends object>(
  configClass: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  // Implicit conversion reads "" as 0: PORT="" listened on a random port and a blank retention
  // or limit became zero. Compose and Kubernetes write a variable left empty that way.
  const blankNumbers = Object.keys(env).filter(
    (key) => env[key]?.trim() === '' && Reflect.getMetadata('design:type', configClass.prototype, key) === Number,
  );
  if (blankNumbers.length > 0) {
    throw new ConfigError(blankNumbers.map((key) => `${key} is empty: set a number, or leave it unset for its default`));
  }
  const config = plainToInstance(configClass, env, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigError(errors.map((error) => describe(error, env)));
  return config;
}
