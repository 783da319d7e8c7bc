/** Builds the app over the repository's scenarios.yaml in manual clock mode, and checks bodies against the schemas. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { Simulation } from '../../src/simulation.js';
import { loadScenarioFile } from '../../src/scenarios/load-scenario.js';

export const SCENARIO_FILE = new URL('../../scenarios.yaml', import.meta.url).pathname;

export async function testApp(scenario = 'default', options: { bodyLimit?: number } = {}): Promise<{ app: FastifyInstance; sim: Simulation }> {
  const sim = new Simulation({ scenario: loadScenarioFile(SCENARIO_FILE, { scenario }), clock: 'manual', speed: 1 });
  const app = await buildApp({ simulation: sim, scenarioFile: SCENARIO_FILE, bodyLimit: options.bodyLimit });
  await app.ready();
  return { app, sim };
}

/** Errors of a body against a definition of schemas/<id>/<id>.schema.json ([] when valid). */
export function schemaChecker(id: string): (definition: string, body: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(JSON.parse(readFileSync(new URL(`../../schemas/${id}/${id}.schema.json`, import.meta.url), 'utf8')));
  return (definition, body) => {
    const validate = ajv.getSchema(`${id}#/definitions/${definition}`);
    if (!validate) throw new Error(`no definition ${definition}`);
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}

/** Errors of `body` against a definition of schemas/admin/admin.schema.json ([] when valid). */
export const adminSchemaErrors = schemaChecker('admin');
