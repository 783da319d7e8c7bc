/**
 * Done-when 4 (the Telphin half; the agent CRUD half is the lead's, after merge): through the scripted
 * story, at every step, the Huawei view and the Telphin queue REST API served by the same app tell the
 * same story: who is signed in or out, who is on a break, and how many callers are ringing an agent and
 * talking to one.
 */
import t from 'tap';
import { harness } from './harness.js';
import { SCENARIO } from './story.js';

t.test('Huawei and Telphin views agree at every step', async (t) => {
  const h = await harness(SCENARIO);
  t.teardown(() => h.app.close());
  const tok = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=ccsim&client_secret=ccsim-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const token = tok.json().access_token as string;
  const telphin = async (path: string) => {
    const r = await h.app.inject({ method: 'GET', url: `/api/ver1.0${path}`, headers: { authorization: `Bearer ${token}` } });
    if (r.statusCode !== 200) throw new Error(`${path}: ${r.body}`);
    return r.json();
  };
  const worknos: Record<string, number> = { Alice: 101, Bob: 102, Carol: 103, Dan: 20011 };
  let checked = 0;
  for (let s = 0; s <= 600; s += 7) {
    await h.runUntil(s);
    const agents = (await telphin('/client/@me/agent/local/')) as { name: string; status: string }[];
    let ringing = 0;
    let talking = 0;
    for (const a of agents) {
      const hw = (await h.query('/agentgroup/agentbyworkno', { agentId: worknos[a.name] })).resultDatas as { status: number; citStatus: number };
      const where = `t=${s} ${a.name}: telphin ${a.status}, huawei ${hw.status}/${hw.citStatus}`;
      if (a.status === 'logged_out') t.equal(hw.status, 2, where);
      else if (a.status === 'on_break') t.ok([3, 7, 8].includes(hw.status), where);
      else t.ok([3, 4, 5, 7].includes(hw.status), where);
      if (hw.citStatus === 4) ringing++;
      if (hw.citStatus === 5) talking++;
      checked++;
    }
    let trying = 0;
    let answered = 0;
    for (const ext of [1000, 1001]) {
      const st = (await telphin(`/extension/${ext}/queue/status/`)) as { trying_members: number; answered_members: number };
      trying += st.trying_members;
      answered += st.answered_members;
    }
    t.equal(ringing, trying, `t=${s}: agents answering (CTI 4) = callers being offered`);
    t.equal(talking, answered, `t=${s}: agents talking (CTI 5) = callers answered`);
    const sys = (await h.query('/querymonitor/systemstate')).resultDesc as { totalloginagent: number };
    t.equal(sys.totalloginagent, agents.filter((a) => a.status !== 'logged_out').length, `t=${s}: signed in`);
  }
  t.equal(checked, 4 * 86);
});
