/** Engine refusals (DomainError kinds) as the ECSS <error> kinds and reasons a workstation sees. */
import t from 'tap';
import { DomainError } from '../../../src/scenarios/callcenter/errors.js';
import { fromDomainError } from '../../../src/simulators/arm-xml/errors.js';

t.test('each DomainError kind maps to a documented ARM error', async (t) => {
  const rows: [DomainError, Record<string, string>, string, RegExp][] = [
    [new DomainError('agent.not_found', "agent 'x' not found", 'agent'), {}, 'unknown_operator', /^agent 'x' not found$/],
    [new DomainError('call.not_live', "live call 'c' not found", 'call'), {}, 'unknown_conversation', /^live call 'c' not found$/],
    [new DomainError('queue.not_found', "queue 'v' not found", 'queue'), { queue: 'to_number' }, 'invalid_request', /^to_number: queue 'v' not found$/],
    [new DomainError('value.invalid', 'number must be a phone number', 'number'), { number: 'to_number' }, 'invalid_request', /^to_number: number must be a phone number$/],
    [new DomainError('value.invalid', 'status must be one of …', 'status'), {}, 'invalid_request', /^status: status must be/],
    [new DomainError('value.invalid', 'a caller must be a mapping'), {}, 'invalid_request', /^a caller must be a mapping$/],
    [new DomainError('call.on_hold', "call 'c' is already on hold", 'call'), {}, 'cannot_perform_cmd', /already on hold/],
    [new DomainError('agent.blocked', 'agent x is blocked'), {}, 'cannot_perform_cmd', /blocked/],
  ];
  for (const [err, fields, kind, reason] of rows) {
    const arm = fromDomainError(err, fields);
    t.equal(arm.kind, kind, `${err.kind}/${err.field}`);
    t.match(arm.message, reason);
    t.equal(arm.status, 200, 'ECSS answers refusals with 200 and the error in the body');
  }
});
