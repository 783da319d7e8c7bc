import { DialogLog } from './dialog-log.js';
import { ExtrasSource } from './extras.js';
import { agentDialogUuid, Directory } from './ids.js';
import { notFound } from './errors.js';
import { dialogsOf } from './mapper.js';
import { readSettings } from './settings.js';
export class ConpeekAdapter {
    sim;
    log;
    settings;
    directory;
    extras;
    generation = -1;
    kept;
    source;
    unsubscribe;
    constructor(sim, log) {
        this.sim = sim;
        this.log = log;
        const q = () => this.sim.engine.queries;
        this.source = {
            call: (id) => q().call(id),
            calls: () => q().calls(),
            // Reads without a catch-up, so the world holds still while the kept list is brought up to date.
            build: (call) => dialogsOf(call, this.context((id) => q().call(id))),
            // The same reads as context(): a renamed agent or queue is shown by its name in the world now.
            agentRenamed: (agent) => {
                const name = q().agent(agent)?.name;
                return name !== undefined && name !== this.directory.user(agent).name;
            },
            queueRenamed: (queue) => {
                const name = q().queue(queue)?.name;
                return name !== undefined && name !== this.directory.project(queue).name;
            },
        };
        this.rebuild(true);
        this.unsubscribe = sim.subscribe((e) => this.onEvent(e));
    }
    /** At the start of every request: catches the clock up and follows a reset or a new scenario. */
    ensure() {
        this.sim.now();
        if (this.sim.generation !== this.generation)
            this.rebuild(true);
    }
    close() {
        this.unsubscribe();
    }
    /**
     * Every finished call's dialogs, oldest hang-up first (then call order, the EXTERNAL side first): a
     * call that ends is appended, so offset paging stays stable while calls finish. Live calls are not
     * CDRs and are not listed. The array is the adapter's own: page over it, never change it.
     */
    dialogs() {
        return this.kept.list(this.source);
    }
    /** A finished call's dialog by its uuid, or undefined. */
    dialog(uuid) {
        return this.kept.find(this.source, uuid);
    }
    /** The mapping context over the world as it is now (names of queues and agents read from it). */
    context(call = (id) => this.sim.read((q) => q.call(id))) {
        const q = this.sim.engine.queries;
        return {
            startMs: this.sim.scenario.startMs,
            settings: this.settings,
            project: (queue) => this.directory.project(queue, q.queue(queue)?.name),
            user: (agent) => this.directory.user(agent, q.agent(agent)?.name),
            extras: (callId, startMs) => this.extras.forCall(callId, startMs),
            call,
        };
    }
    /**
     * Ends the live call a dialog uuid belongs to: the EXTERNAL side's uuid (the call id) or the side of
     * the agent on it. Unknown uuids, and dialogs of calls that have ended, are 404s.
     */
    hangUp(uuid) {
        const q = this.sim.engine.queries;
        const own = q.call(uuid);
        let live = own && own.endedT === null ? own : null;
        if (!live && !own) {
            live =
                q.calls().find((c) => c.endedT === null && c.agent !== null && uuid === agentDialogUuid(c.id, c.kind === 'queue' ? 'CONSULTANT' : 'TENANT_USER', c.agent)) ?? null;
        }
        if (live) {
            const id = live.id;
            this.sim.command((c) => c.hangUp(id));
            return;
        }
        if (own || this.dialog(uuid))
            throw notFound(`Dialog '${uuid}' has already ended`);
        throw notFound(`Dialog '${uuid}' not found`);
    }
    /**
     * From the scenario alone (the new world may still be under construction when this runs). `scan`: the
     * world may hold finished calls whose events this view did not see (it is made, or caught a reset, late).
     */
    rebuild(scan) {
        this.generation = this.sim.generation;
        this.settings = readSettings(this.sim.scenario.apis, this.log);
        this.directory = Directory.fromScenario(this.sim.scenario, this.settings);
        this.extras = new ExtrasSource(this.sim.scenario.seed);
        this.kept = new DialogLog(scan);
    }
    /**
     * Queues and agents made later are numbered in event-log order, so ids do not depend on who asks
     * first. Ended calls, client dispositions and renames go to the kept dialogs, for the next read.
     */
    onEvent(e) {
        try {
            // The first event of a new world: this view sees all of it from here on.
            if (this.sim.generation !== this.generation)
                this.rebuild(false);
            switch (e.type) {
                case 'call.ended':
                case 'call.left':
                    this.kept.callEnded(e.call);
                    break;
                case 'call.disposition':
                    if (e.by === 'client')
                        this.kept.dispositionSet(e.call);
                    break;
                case 'queue.created':
                    this.directory.project(e.queue);
                    this.kept.queueChanged(e.queue);
                    break;
                case 'agent.created':
                    this.directory.user(e.agent);
                    this.kept.agentChanged(e.agent);
                    break;
                case 'agent.updated':
                    this.kept.agentChanged(e.agent);
                    break;
            }
        }
        catch (err) {
            // Never let the view break the engine: the event is skipped for the view, and logged.
            this.log.error({ err, event: e }, 'conpeek view could not follow an event');
        }
    }
}
