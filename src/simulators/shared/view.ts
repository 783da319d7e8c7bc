/**
 * The contract between the front door and a view (one upstream API): what a view declares about itself
 * (its name, its OpenAPI tag, the paths it owns, its credentials, how it reads bodies, how it renders an
 * error) and how its routes are registered. The door (door.ts) does the rest the same for every view:
 * parsing, the classification of errors, unknown routes and router errors under the view's paths, OpenAPI.
 * Adding an API is one descriptor in registry.ts; nothing here knows a vendor.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Simulation } from '../../simulation.js';
import type { Instruments } from '../../instruments/instruments.js';
import type { Problem } from './problem.js';
import type { BodyKind } from './request-parsing.js';

/** An error as the vendor's server sends it. */
export interface Rendered {
  status: number;
  contentType: string;
  /** A string or Buffer is sent as it is; anything else as JSON. */
  body: unknown;
  headers?: Record<string, string>;
}

/** The request an error belongs to, as far as it could be read (a router error may have no route). */
export interface RequestInfo {
  method: string;
  /** The path and query as sent (undecoded). */
  url: string;
}

/** What the door hands a view when it registers its routes. */
export interface ViewContext {
  simulation: Simulation;
  /** Whether the view checks its credentials (`serve --auth` turns them off by name). */
  auth: boolean;
  log: FastifyBaseLogger;
  /**
   * The journal and the faults for what does not pass the HTTP door: a view's WebSocket frames
   * (`socket`) and the requests it sends (`outgoing`). HTTP requests pass them at the door.
   */
  instruments: Pick<Instruments, 'socket' | 'outgoing'>;
}

export interface ViewDescriptor {
  /** The API's name, as `--auth`, logs and the admin plane name it: lowercase, no spaces. */
  readonly name: string;
  /** The OpenAPI tag of its routes. */
  readonly tag: { readonly name: string; readonly description: string };
  /**
   * Whether a path (without its query, undecoded) is this view's: its unknown routes and router errors
   * are rendered by it. Given the simulation, for views whose paths are settings of the scenario.
   */
  paths(simulation: Simulation): (path: string) => boolean;
  /**
   * The credentials it checks: OpenAPI security schemes (by name; a route takes any one of them unless its
   * schema names its own `security`), and whether `--auth` can turn them off.
   */
  readonly credentials?: { readonly switchable: boolean; readonly schemes: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  /** How its bodies are read (request-parsing.ts); none: the view installs its own parsers. */
  readonly bodies: readonly BodyKind[];
  /**
   * Any error of one of its requests as the vendor sends it: `problem` is the neutral classification
   * (problem.ts); `err` the error itself, for the view's own error classes. A view's own error class carries
   * a `statusCode` (the HTTP status it stands for): the classifier reads it, and without one the error is
   * taken for a bug and logged.
   */
  render(err: unknown, problem: Problem, request: RequestInfo): Rendered;
  /** Registers its routes (and its own hooks) in a scope of its own, where its body parsers and renderer apply. */
  register(app: FastifyInstance, context: ViewContext): Promise<void>;
  /**
   * The vendor's error format, for the contract suite: what is wrong with a response that should be an
   * error of this API ([] when it is one).
   */
  errorProblems(response: { status: number; contentType: string; body: string }): string[];
}
