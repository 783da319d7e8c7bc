/**
 * Issue 19 §3 for the agent CRUD service: seed 000 (its 23 DTOs, no routes) is the specification; the
 * README's table says what ccsim does with every one of them, and every one is a definition of the contract.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';

const README = readFileSync(new URL('../../../src/simulators/agent-crud/README.md', import.meta.url), 'utf8');
const SCHEMA = JSON.parse(readFileSync(new URL('../../../schemas/agent-crud/agent-crud.schema.json', import.meta.url), 'utf8')) as { definitions: Record<string, unknown> };
/** Seed 000's table of contents. */
const SEED_DTOS = [
  'AgentDto', 'AgentQueueDto', 'AgentQueueRequestDto', 'AgentStatusDto', 'AgentSummaryDto', 'CallDirectionDto', 'CallSessionDto', 'CreateAgentRequestDto',
  'CreateCallRequestParam', 'CreateCallSessionRequestDto', 'GetAgentsRequestDto', 'GetCallsAnalyticsRequestDto', 'GetCallSessionsRequestDto', 'GetCallsRequestDto',
  'QueueAgentDto', 'QueueDto', 'QueueSummaryDto', 'QueueTypeDto', 'UpdateAgentRequestDto', 'UpdateCallSessionRequestDto', 'UpdateQueueAgentRequestDto',
  'UpdateQueueRequestDto', 'WrapupReasonDto',
];

t.test("the README's table of the seed's DTOs", async (t) => {
  t.equal(SEED_DTOS.length, 23);
  const table = README.slice(README.indexOf("## The seed's DTOs"), README.indexOf('## Assumptions'));
  const rows = table.split('\n').filter((l) => l.startsWith('| `'));
  for (const dto of SEED_DTOS) {
    const row = rows.find((l) => l.split('|')[1].includes(`\`${dto}\``));
    t.match(row, /\| (simulated|configuration only|not simulated)/, `${dto}: in the table, with what ccsim does`);
    t.ok(SCHEMA.definitions[dto], `${dto}: a definition of schemas/agent-crud`);
  }
});
