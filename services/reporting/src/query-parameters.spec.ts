import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { ReportingConfig } from './reporting-config';

/**
 * A `@Query()` DTO only reaches docs/openapi/reporting.json through its @ApiProperty decorators, and
 * the global ValidationPipe (forbidNonWhitelisted) refuses any parameter the DTO does not validate:
 * a route whose DTO went undocumented listed no query parameter at all, and a client generated from
 * the document could not call it. Here every such route must document exactly what its DTO accepts.
 */
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
const document = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'openapi', 'reporting.json'), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
};

function controllersOf(module: Type<unknown> | DynamicModule, seen = new Set<unknown>()): Type<unknown>[] {
  const moduleClass = 'module' in module ? module.module : module;
  if (seen.has(module)) return [];
  seen.add(module);
  const metadata = (key: string) => (Reflect.getMetadata(key, moduleClass) ?? []) as unknown[];
  const dynamic: Partial<DynamicModule> = 'module' in module ? module : {};
  const imports = [...metadata(MODULE_METADATA.IMPORTS), ...(dynamic.imports ?? [])] as (Type<unknown> | DynamicModule)[];
  return [
    ...([...metadata(MODULE_METADATA.CONTROLLERS), ...(dynamic.controllers ?? [])] as Type<unknown>[]),
    // A forwardRef or a promised module holds no controller of this service.
    ...imports
      .filter((imported) => typeof imported === 'function' || (typeof imported === 'object' && 'module' in imported))
      .flatMap((imported) => controllersOf(imported, seen)),
  ];
}

/** Every route whose handler takes a whole `@Query()` object, with that object's class. */
function routesWithQueryDto(): { key: string; path: string; method: string; dto: Type<unknown> }[] {
  return [...new Set(controllersOf(AppModule.register(new ReportingConfig())))].flatMap((controller) => {
    const prototype = controller.prototype as Record<string, object>;
    return Object.getOwnPropertyNames(prototype).flatMap((handler) => {
      const method = handler === 'constructor' ? undefined : (Reflect.getMetadata(METHOD_METADATA, prototype[handler]) as RequestMethod | undefined);
      if (method === undefined) return [];
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { index: number; data?: unknown }>;
      const types = Reflect.getMetadata('design:paramtypes', prototype, handler) as Type<unknown>[];
      const query = Object.entries(args).find(([key, { data }]) => key.startsWith(`${RouteParamtypes.QUERY}:`) && data === undefined);
      if (!query) return [];
      const path = `/${[Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, prototype[handler])].join('/')}`
        .replace(/\/+/g, '/')
        .replace(/(.)\/$/, '$1')
        .replace(/:(\w+)/g, '{$1}');
      return [{ key: `${RequestMethod[method]} ${path}`, path, method: RequestMethod[method].toLowerCase(), dto: types[query[1].index] }];
    });
  });
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The DTO's properties as the ValidationPipe sees them; optional when @IsOptional or @ValidateIf may skip them. */
function acceptedParameters(dto: Type<unknown>): Parameter[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
  return [...new Set(metadata.map(({ propertyName }) => propertyName))].sort(byName).map((name) => ({
    name,
    in: 'query',
    required: !metadata.some(({ propertyName, type }) => propertyName === name && type === ValidationTypes.CONDITIONAL_VALIDATION),
  }));
}

describe('the query parameters in docs/openapi/reporting.json', () => {
  const routes = routesWithQueryDto();

  it('finds the routes that take a @Query() DTO', () => {
    expect(routes.map(({ key }) => key)).toEqual(expect.arrayContaining(['GET /v1/reports/national', 'GET /v1/open-data/progress']));
  });

  it.each(routes.map((route) => [route.key, route] as const))('%s documents exactly the query parameters its DTO accepts', (_key, { path, method, dto }) => {
    const documented = (document.paths[path]?.[method]?.parameters ?? [])
      .filter((parameter) => parameter.in === 'query')
      .map(({ name, required }) => ({ name, in: 'query', required: required === true }))
      .sort((a, b) => byName(a.name, b.name));
    expect(documented).toEqual(acceptedParameters(dto));
  });
});
