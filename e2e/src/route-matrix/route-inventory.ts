import { IS_PUBLIC_KEY, REQUIRED_ROLES_KEY, type Role } from '@mcp/auth';
import { loadServiceConfig, serviceCatalogue, ServicePlatformModule, type AnyServiceDefinition } from '@mcp/service-runtime';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { serviceDefinition } from '../platform-under-test';

/** One HTTP route as Nest will register it, with what the guard reads from its decorators. */
export interface RouteEntry {
  service: string;
  method: string;
  /** The route template, as in logs and metrics: `/v1/evidence/:id`. */
  path: string;
  /** `@Public()`: no bearer token is asked for (a route may still have its own guard). */
  isPublic: boolean;
  /** `@Roles(...)`; empty means any signed-in role. */
  roles: Role[];
  controller: string;
  handler: string;
}

/** `service METHOD /path`: the key of a route in route-rules.ts and the matrix. */
export const routeKey = (route: Pick<RouteEntry, 'service' | 'method' | 'path'>): string => `${route.service} ${route.method} ${route.path}`;

type ModuleLike = Type<unknown> | DynamicModule | Promise<DynamicModule> | { forwardRef: () => unknown } | undefined;

function isDynamic(module: ModuleLike): module is DynamicModule {
  return typeof module === 'object' && module !== null && 'module' in module;
}

/** Every controller reachable from the modules, following imports (static metadata and dynamic modules). */
function controllersOf(roots: ModuleLike[]): Type<unknown>[] {
  const seen = new Set<unknown>();
  const controllers = new Set<Type<unknown>>();
  const visit = (module: ModuleLike): void => {
    if (!module || module instanceof Promise || seen.has(module)) return;
    seen.add(module);
    if ('forwardRef' in (module as object)) return visit((module as { forwardRef: () => ModuleLike }).forwardRef());
    const moduleClass = isDynamic(module) ? module.module : (module as Type<unknown>);
    const metadata = (key: string) => (Reflect.getMetadata(key, moduleClass) ?? []) as unknown[];
    for (const controller of [...metadata(MODULE_METADATA.CONTROLLERS), ...(isDynamic(module) ? (module.controllers ?? []) : [])]) {
      controllers.add(controller as Type<unknown>);
    }
    for (const imported of [...metadata(MODULE_METADATA.IMPORTS), ...(isDynamic(module) ? (module.imports ?? []) : [])]) visit(imported as ModuleLike);
  };
  roots.forEach(visit);
  return [...controllers];
}

const joinPath = (...parts: string[]): string =>
  `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;

function routesOfController(service: string, controller: Type<unknown>): RouteEntry[] {
  const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined ?? ''].flat();
  const prototype = controller.prototype as Record<string, unknown>;
  const routes: RouteEntry[] = [];
  for (const handler of Object.getOwnPropertyNames(prototype)) {
    const target = prototype[handler];
    if (handler === 'constructor' || typeof target !== 'function') continue;
    const method = Reflect.getMetadata(METHOD_METADATA, target) as RequestMethod | undefined;
    if (method === undefined) continue;
    const paths = [Reflect.getMetadata(PATH_METADATA, target) as string | string[] | undefined ?? ''].flat();
    const fromHandlerOrClass = <T>(key: string): T | undefined =>
      (Reflect.getMetadata(key, target) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
    for (const prefix of prefixes) {
      for (const path of paths) {
        routes.push({
          service,
          method: RequestMethod[method],
          path: joinPath(prefix, path),
          isPublic: fromHandlerOrClass<boolean>(IS_PUBLIC_KEY) === true,
          roles: [...(fromHandlerOrClass<Role[]>(REQUIRED_ROLES_KEY) ?? [])],
          controller: controller.name,
          handler,
        });
      }
    }
  }
  return routes;
}

/**
 * Routes left out of the matrix, each with the reason. The portal's placeholder for an unbuilt
 * web app exists only on a machine where the app is not built, so the matrix would differ by machine.
 */
const NOT_IN_MATRIX = new Set(['portal GET /']);

/**
 * Every route of every catalogued service, read from Nest's metadata of the modules the service
 * really runs (the platform's and its app module), without starting anything.
 */
export function routeInventory(): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const { name } of serviceCatalogue) {
    const definition: AnyServiceDefinition = serviceDefinition(name);
    const config = loadServiceConfig(definition, { PORT: '0' });
    const roots = [ServicePlatformModule.forRoot(config, definition, 'cli'), definition.appModule(config, undefined as never)];
    for (const controller of controllersOf(roots)) routes.push(...routesOfController(name, controller));
  }
  return routes
    .filter((route) => !NOT_IN_MATRIX.has(routeKey(route)))
    .sort((a, b) => routeKey(a).localeCompare(routeKey(b)));
}
