const HEARTBEAT_MS = 15_000;
export function streamEvents(sim, req, reply) {
    const lastId = Number(req.headers['last-event-id']);
    let after = Number.isInteger(lastId) && lastId >= 0 ? lastId : (req.query.after ?? sim.eventSeq);
    const type = req.query.type;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let generation = sim.generation;
    const send = (e) => {
        if (sim.generation !== generation) {
            generation = sim.generation;
            res.write(`event: reset\ndata: {}\n\n`);
        }
        if (e.seq <= after)
            return;
        after = e.seq;
        if (type && !e.type.startsWith(type))
            return;
        res.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    };
    for (;;) {
        const page = sim.events(after, 1000, undefined);
        for (const e of page.events)
            send(e);
        if (page.events.length < 1000)
            break;
    }
    const unsubscribe = sim.subscribe((e) => {
        if (e.seq === 1 && sim.generation !== generation)
            after = 0;
        send(e);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
    };
    res.on('close', close);
    res.on('error', close);
}
