/**
 * Compiled schemas shared by every app of the process (issue 21 §3: one app per tenant). Compiling a
 * route's validator (Ajv) and its response serializer (fast-json-stringify) is most of the cost of
 * building an app, and every tenant's app declares the same routes with the same schemas; so each
 * distinct schema is compiled once, keyed by its JSON text (and by the shared schemas it may `$ref`),
 * and the compiled function, which holds no state of its own, serves every app. The caches are bounded
 * (MAX_ENTRIES each; past that a schema is compiled anew, uncached). They also keep a long-lived Ajv
 * instance's own cache from growing with every app built: Ajv keys it by the schema object, and each app
 * brings new objects. It changes nothing in what a route accepts or sends.
 */
import { createHash } from 'node:crypto';
import type { Ajv, ValidateFunction } from 'ajv';
import type { FastifyServerOptions } from 'fastify';
import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

/** Distinct schemas kept per cache: far more than ccsim's routes, so reached only by an unusual mix of scenarios. */
export const MAX_ENTRIES = 4096;

class BoundedCache<T> {
  private readonly entries = new Map<string, T>();

  get(key: string, make: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const made = make();
    if (this.entries.size < MAX_ENTRIES) this.entries.set(key, made);
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

const perAjv = new WeakMap<Ajv, BoundedCache<ValidateFunction>>();

/** `ajv.compile(schema)`, once per distinct schema text for this Ajv instance. */
export function compileOnce(ajv: Ajv, schema: object): ValidateFunction {
  let cache = perAjv.get(ajv);
  if (!cache) perAjv.set(ajv, (cache = new BoundedCache()));
  return cache.get(JSON.stringify(schema), () => ajv.compile(schema));
}

/** A route's schema and where it applies, as Fastify hands it to a compiler. */
interface RouteSchema {
  schema: object;
  httpPart?: string;
  httpStatus?: string;
  contentType?: string;
}
type Compile = (route: RouteSchema) => unknown;
type Factory = (externalSchemas: unknown, options: unknown) => Compile;
type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

const validators = new BoundedCache<unknown>();
const serializers = new BoundedCache<unknown>();
const buildValidator = AjvCompiler() as unknown as Factory;
const buildSerializer = SerializerSelector() as unknown as Factory;

/** A factory whose compiled functions are kept in `cache`, keyed by the scope's shared schemas and options, `where` and the schema. */
function cached(factory: Factory, cache: BoundedCache<unknown>, where: (route: RouteSchema) => string): Factory {
  return (externalSchemas, options) => {
    const scope = digest(JSON.stringify([externalSchemas, options]));
    let compile: Compile | null = null;
    return (route) => cache.get(`${scope} ${where(route)} ${JSON.stringify(route.schema)}`, () => (compile ??= factory(externalSchemas, options))(route));
  };
}

/**
 * Fastify's default compilers (`schemaController.compilersFactory`) with the process-wide caches: the
 * key of a compiled function is its schema, where it applies and the shared schemas of its scope.
 */
export const sharedCompilers = {
  buildValidator: cached(buildValidator, validators, (r) => r.httpPart ?? ''),
  buildSerializer: cached(buildSerializer, serializers, (r) => `${r.httpStatus ?? ''} ${r.contentType ?? ''}`),
} as unknown as Factories;

/** How many compiled functions the caches hold (a test checks that a second app compiles nothing new). */
export function compiledCount(): { validators: number; serializers: number } {
  return { validators: validators.size, serializers: serializers.size };
}
