#!/usr/bin/python3
"""The M/M/c benchmark model in SimPy 2.3 (Debian's python3-simpy), the peer of bench/engine/mmc.yaml.

c = 50 servers, Poisson arrivals at 900/h (lambda = 0.25/s), exponential service with mean 180 s
(offered load 45 Erlang, utilisation 0.9), one FIFO queue, infinite patience. A Source process
creates N Customer processes, one per arrival; each Customer requests a server from the Resource,
holds it for its service time and releases it. The run ends when the last customer has left.

Usage: /usr/bin/python3 mmc_simpy.py [N] [SEED]      (defaults: 1000000 calls, seed 1)

Prints one JSON line: {calls, wall_seconds, calls_per_second, mean_wait_seconds, p_wait, ...},
where wall_seconds is measured around simulate() only (not the interpreter start or the imports).
"""
import json
import random
import resource
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

SERVERS = 50
ARRIVAL_RATE = 900 / 3600.0  # calls per second
MEAN_SERVICE = 180.0  # seconds


class Stats:
    def __init__(self):
        self.calls = 0
        self.waited = 0  # calls that had to wait (wait > 0)
        self.total_wait = 0.0
        self.max_wait = 0.0


class Customer(Process):
    def visit(self, agents, service_time, stats):
        arrived = now()
        yield request, self, agents
        wait = now() - arrived
        yield hold, self, service_time
        yield release, self, agents
        stats.calls += 1
        stats.total_wait += wait
        if wait > 0:
            stats.waited += 1
            if wait > stats.max_wait:
                stats.max_wait = wait


class Source(Process):
    def generate(self, n, agents, arrivals, services, stats):
        for _ in range(n):
            c = Customer()  # unnamed: formatting a name per customer would cost SimPy about 5 %
            activate(c, c.visit(agents, services.expovariate(1.0 / MEAN_SERVICE), stats))
            yield hold, self, arrivals.expovariate(ARRIVAL_RATE)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    arrivals = random.Random(seed)
    services = random.Random(seed + 1)
    stats = Stats()

    initialize()
    agents = Resource(capacity=SERVERS, name='agents')
    source = Source(name='source')
    activate(source, source.generate(n, agents, arrivals, services, stats))
    started = time.perf_counter()
    simulate(until=1e18)
    wall = time.perf_counter() - started

    print(json.dumps({
        'calls': stats.calls,
        'wall_seconds': round(wall, 3),
        'calls_per_second': round(stats.calls / wall, 1),
        'mean_wait_seconds': round(stats.total_wait / stats.calls, 3),
        'p_wait': round(stats.waited / stats.calls, 4),
        'max_wait_seconds': round(stats.max_wait, 3),
        'simulated_seconds': round(now(), 1),
        'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        'python': sys.version.split()[0],
        'simpy': __import__('SimPy').__version__,
    }))


if __name__ == '__main__':
    main()
