/** Engine refusals (DomainError kinds) as the ECSS <error> kinds and reasons a workstation sees. */
import t from 'tap';
import { DomainError } from '../../../src/scenarios/callcenter/errors.js';
import { fromDomainError } from '../../../src/simulators/arm-xml/errors.js';

t.test('each DomainError kind maps to a documented ARM error', async (t) => {
  const rows: [DomainError, Record<string, string>, string, RegExp][] = [
    [new DomainError('notFound', "agent 'x' not found", 'agent'), {}, 'unknown_operator', /^agent 'x' not found$/],
    [new DomainError('notFound', "live call 'c' not found", 'call'), {}, 'unknown_conversation', /^live call 'c' not found$/],
    [new DomainError('notFound', "queue 'v' not found", 'queue'), { queue: 'to_number' }, 'invalid_request', /^to_number: queue 'v' not found$/],
    [new DomainError('invalid', 'number must be a phone number', 'number'), { number: 'to_number' }, 'invalid_request', /^to_number: number must be a phone number$/],
    [new DomainError('invalid', 'status must be one of …', 'status'), {}, 'invalid_request', /^status: status must be/],
    [new DomainError('invalid', 'a caller must be a mapping'), {}, 'invalid_request', /^a caller must be a mapping$/],
    [new DomainError('conflict', "call 'c' is already on hold", 'call'), {}, 'cannot_perform_cmd', /already on hold/],
    [new DomainError('forbidden', 'not allowed'), {}, 'cannot_perform_cmd', /not allowed/],
  ];
  for (const [err, fields, kind, reason] of rows) {
    const arm = fromDomainError(err, fields);
    t.equal(arm.kind, kind, `${err.kind}/${err.field}`);
    t.match(arm.message, reason);
    t.equal(arm.status, 200, 'ECSS answers refusals with 200 and the error in the body');
  }
});
