/**
 * The `filter` parser and matcher as tables: every property and operator, the value types each takes,
 * and the 400 messages for malformed JSON, unknown properties or operators and wrong value types.
 */
import t from 'tap';
import { ConpeekError } from '../../../src/simulators/cdr/errors.js';
import { matches, parseFilter, PROPERTIES, type FilterTarget } from '../../../src/simulators/cdr/filter.js';
import { parseListQuery } from '../../../src/simulators/cdr/list-query.js';
import type { Dialog } from '../../../src/generated/cdr/cdr.js';

/** A dialog with just what the filters read (the rest does not matter to them). */
function target(over: Partial<Dialog>, callRequestAgentId: number | null = null): FilterTarget {
  const d = {
    dialog_uuid: 'u',
    dialog_type: 'EXTERNAL',
    from_display_target: '48123456789',
    to_display_target: '48223000001',
    anonymous: { display_name: '48123456789' },
    start_time: '2026-03-02 08:00:10',
    hangup_time: '2026-03-02 08:02:00',
    talking_time: 60000,
    project_id_list: [1],
    tenant_user: null,
    custom_tag_id_list: [],
    operator_call_id: 'call-1',
    ...over,
  } as Dialog;
  return { dialog: d, callRequestAgentId };
}

const enc = (v: unknown) => JSON.stringify(v);

t.test('every property with every operator it takes, matching and not', async (t) => {
  const consultant = target({ dialog_type: 'CONSULTANT', tenant_user: { id: 7, username: 'ann', firstname: 'Ann', surname: 'Lee', display_name: 'Ann Lee' }, anonymous: null, to_display_target: '201', custom_tag_id_list: [3] }, 7);
  const external = target({});
  const cases: [string, unknown, FilterTarget, boolean][] = [
    ['number_list hit on from', [{ property: 'number_list', value: ['48123456789'] }], external, true],
    ['number_list with + and spaces', [{ property: 'number_list', value: ['+48 123 456 789'] }], external, true],
    ['number_list hit on to', [{ property: 'number_list', value: ['201'] }], consultant, true],
    ['number_list miss', [{ property: 'number_list', value: ['999'] }], external, false],
    ['start_time gt (equal is not greater)', [{ property: 'start_time', operator: 'gt', value: '2026-03-02 08:00:10' }], external, false],
    ['start_time gte', [{ property: 'start_time', operator: 'gte', value: '2026-03-02 08:00:10' }], external, true],
    ['start_time lt', [{ property: 'start_time', operator: 'lt', value: '2026-03-02 08:00:11' }], external, true],
    ['start_time lte (miss)', [{ property: 'start_time', operator: 'lte', value: '2026-03-02 08:00:09' }], external, false],
    ['hangup_time gt', [{ property: 'hangup_time', operator: 'gt', value: '2026-03-02 08:01:59' }], external, true],
    ['hangup_time gte (miss)', [{ property: 'hangup_time', operator: 'gte', value: '2026-03-02 08:02:01' }], external, false],
    ['hangup_time lt (miss)', [{ property: 'hangup_time', operator: 'lt', value: '2026-03-02 08:02:00' }], external, false],
    ['hangup_time lte', [{ property: 'hangup_time', operator: 'lte', value: '2026-03-02 08:02:00' }], external, true],
    ['talking_time eq', [{ property: 'talking_time', operator: 'eq', value: 60000 }], external, true],
    ['talking_time without operator is eq', [{ property: 'talking_time', value: 60001 }], external, false],
    ['talking_time gt', [{ property: 'talking_time', operator: 'gt', value: 59999 }], external, true],
    ['talking_time gte', [{ property: 'talking_time', operator: 'gte', value: 60001 }], external, false],
    ['talking_time lt', [{ property: 'talking_time', operator: 'lt', value: 60000 }], external, false],
    ['talking_time lte', [{ property: 'talking_time', operator: 'lte', value: 60000 }], external, true],
    ['project_id_list', [{ property: 'project_id_list', value: [2, 1] }], external, true],
    ['project_id_list miss', [{ property: 'project_id_list', value: [2] }], external, false],
    ['tenant_user_id_list', [{ property: 'tenant_user_id_list', value: [7] }], consultant, true],
    ['tenant_user_id_list never matches an EXTERNAL dialog', [{ property: 'tenant_user_id_list', value: [7] }], external, false],
    ['custom_tag_id_list', [{ property: 'custom_tag_id_list', value: [3, 4] }], consultant, true],
    ['custom_tag_id_list miss', [{ property: 'custom_tag_id_list', value: [4] }], consultant, false],
    ['operator_call_id_list', [{ property: 'operator_call_id_list', value: ['call-1'] }], external, true],
    ['operator_call_id_list miss', [{ property: 'operator_call_id_list', value: ['call-2'] }], external, false],
    ['dialog_type_list', [{ property: 'dialog_type_list', value: ['CONSULTANT', 'TENANT_USER'] }], consultant, true],
    ['dialog_type_list miss', [{ property: 'dialog_type_list', value: ['CONSULTANT'] }], external, false],
    ['call_request_agent_id_list', [{ property: 'call_request_agent_id_list', value: [7] }], consultant, true],
    ['call_request_agent_id_list miss', [{ property: 'call_request_agent_id_list', value: [7] }], external, false],
    ['filters are ANDed', [{ property: 'project_id_list', value: [1] }, { property: 'dialog_type_list', value: ['CONSULTANT'] }], external, false],
    ['a time range', [{ property: 'start_time', operator: 'gte', value: '2026-03-02 08:00:00' }, { property: 'start_time', operator: 'lt', value: '2026-03-02 08:01:00' }], external, true],
    ['empty list filter', [], external, true],
  ];
  const seen = new Set<string>();
  for (const [name, filter, d, expected] of cases) {
    const parsed = parseFilter(enc(filter));
    for (const f of filter as { property: string; operator?: string }[]) seen.add(`${f.property}:${f.operator ?? ''}`);
    t.equal(matches(d, parsed), expected, name);
  }
  for (const p of Object.keys(PROPERTIES)) t.ok([...seen].some((s) => s.startsWith(`${p}:`)), `${p} is in the table`);
  for (const op of ['gt', 'gte', 'lt', 'lte']) for (const p of ['start_time', 'hangup_time', 'talking_time']) t.ok(seen.has(`${p}:${op}`), `${p} ${op}`);
  t.ok(seen.has('talking_time:eq'));
});

t.test('the URI encoding: once by the router, a second time tolerated; empty means no filter', async (t) => {
  const list = [{ property: 'dialog_type_list', value: ['EXTERNAL'] }];
  t.same(parseFilter(enc(list)), parseFilter(encodeURIComponent(enc(list))));
  t.same(parseFilter(undefined), []);
  t.same(parseFilter(''), []);
  t.same(parseFilter('[]'), []);
});

t.test('bad filters are 400s whose message names the problem', async (t) => {
  const bad: [string, RegExp][] = [
    ['[{"property":"number_list","value":["1"]}', /Malformed filter: 'filter' is not valid JSON/],
    ['not json', /not valid JSON/],
    ['%5B%7Bbroken', /URI encoding of 'filter' is broken|not valid JSON/],
    [enc({ property: 'number_list', value: ['1'] }), /must be a JSON list .* not an object/],
    [enc(['number_list']), /filter\[0\] must be an object .* not a string/],
    [enc([null]), /filter\[0\] must be an object .* not null/],
    [enc([{ property: 'caller', value: ['1'] }]), /Unknown filter property 'caller' in filter\[0\]; known: number_list, start_time/],
    [enc([{ value: ['1'] }]), /filter\[0\]\.property must be a string/],
    [enc([{ property: 5, value: ['1'] }]), /filter\[0\]\.property must be a string/],
    [enc([{ property: 'number_list' }]), /filter\[0\] \(number_list\) has no value/],
    [enc([{ property: 'number_list', value: ['1'], op: 'eq' }]), /unknown key 'op'/],
    [enc([{ property: 'number_list', operator: 'eq', value: ['1'] }]), /'number_list' in filter\[0\] takes no operator \(got 'eq'\)/],
    [enc([{ property: 'number_list', value: '48123' }]), /Invalid value for filter property 'number_list' in filter\[0\]: expected a list, got a string/],
    [enc([{ property: 'number_list', value: [48123] }]), /'number_list' .* item 0 must be a non-empty string, got 48123/],
    [enc([{ property: 'number_list', value: [] }]), /'number_list' .* the list is empty/],
    [enc([{ property: 'start_time', value: '2026-03-02 08:00:00' }]), /'start_time' in filter\[0\] needs an operator: one of gt, gte, lt, lte/],
    [enc([{ property: 'start_time', operator: 'eq', value: '2026-03-02 08:00:00' }]), /Unknown operator 'eq' for filter property 'start_time' in filter\[0\]; allowed: gt, gte, lt, lte/],
    [enc([{ property: 'hangup_time', operator: 'between', value: '2026-03-02 08:00:00' }]), /Unknown operator 'between' for filter property 'hangup_time'/],
    [enc([{ property: 'start_time', operator: 'gt', value: '2026-03-02T08:00:00Z' }]), /'start_time' .* expected a UTC time "YYYY-MM-DD HH:mm:ss", got "2026-03-02T08:00:00Z"/],
    [enc([{ property: 'hangup_time', operator: 'lt', value: '2026-02-30 08:00:00' }]), /'hangup_time' .* got "2026-02-30 08:00:00"/],
    [enc([{ property: 'hangup_time', operator: 'lt', value: 1700000000 }]), /'hangup_time' .* got 1700000000/],
    [enc([{ property: 'start_time', operator: 5, value: '2026-03-02 08:00:00' }]), /filter\[0\]\.operator must be a string/],
    [enc([{ property: 'talking_time', operator: 'ne', value: 5 }]), /Unknown operator 'ne' for filter property 'talking_time' .* allowed: gt, gte, lt, lte, eq/],
    [enc([{ property: 'talking_time', operator: 'gt', value: '5000' }]), /'talking_time' .* expected a non-negative integer of milliseconds, got "5000"/],
    [enc([{ property: 'talking_time', operator: 'gt', value: -1 }]), /'talking_time' .* got -1/],
    [enc([{ property: 'talking_time', operator: 'gt', value: 1.5 }]), /'talking_time' .* got 1.5/],
    [enc([{ property: 'project_id_list', value: ['1'] }]), /'project_id_list' .* item 0 must be an integer, got "1"/],
    [enc([{ property: 'tenant_user_id_list', value: [1, 2.5] }]), /'tenant_user_id_list' .* item 1 must be an integer, got 2.5/],
    [enc([{ property: 'custom_tag_id_list', value: [true] }]), /'custom_tag_id_list' .* item 0 must be an integer, got true/],
    [enc([{ property: 'operator_call_id_list', value: [12345] }]), /'operator_call_id_list' .* item 0 must be a non-empty string, got 12345/],
    [enc([{ property: 'dialog_type_list', value: ['AGENT'] }]), /'dialog_type_list' .* item 0 must be one of CONSULTANT, TENANT_USER, EXTERNAL, BOT/],
    [enc([{ property: 'call_request_agent_id_list', value: {} }]), /'call_request_agent_id_list' .* expected a list, got an object/],
    [enc([{ property: 'dialog_type_list', value: ['EXTERNAL'] }, { property: 'talking_time', operator: 'gt', value: 'x' }]), /filter\[1\]/],
  ];
  for (const [raw, message] of bad) {
    const err = t.throws(() => parseFilter(raw), raw) as unknown;
    t.ok(err instanceof ConpeekError && err.statusCode === 400, `${raw} is a 400`);
    t.match((err as Error).message, message, raw);
  }
});

t.test('limit and offset: defaults, and 400s for what is not a non-negative integer', async (t) => {
  t.same(parseListQuery({}), { limit: 500, offset: 0, filters: [] });
  t.same(parseListQuery({ limit: '10', offset: '20' }), { limit: 10, offset: 20, filters: [] });
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ limit: '-1' }, /Invalid query parameter 'limit': expected a non-negative integer, got '-1'/],
    [{ limit: 'ten' }, /'limit'.*got 'ten'/],
    [{ offset: '1.5' }, /'offset'.*got '1.5'/],
    [{ offset: '99999999999999999999' }, /'offset'/],
    [{ limit: ['1', '2'] }, /Query parameter 'limit' is given more than once/],
    [{ page: '2' }, /Unknown query parameter 'page'; known: limit, offset, filter/],
  ];
  for (const [q, message] of bad) {
    const err = t.throws(() => parseListQuery(q)) as Error;
    t.match(err.message, message, JSON.stringify(q));
    t.equal((err as ConpeekError).statusCode, 400);
  }
});
