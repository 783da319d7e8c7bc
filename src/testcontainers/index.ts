/**
 * `ccsim/testcontainers`: ccsim's container image as a Testcontainers module (npm `testcontainers`, which
 * the team installs beside ccsim). `await new CcsimContainer(image).withScenario('smoke').withClock('manual')
 * .start()` starts the image, waits until `/__admin/health` answers 200, and hands back the typed client and
 * the base URLs of the mapped port; `stop()` ends it (SIGTERM: ccsim exits 0). Settings become the image's
 * `CCSIM_*` environment variables, the same ones `ccsim serve` reads; a scenario file of the team's is
 * copied into the container. It builds no image: the team names one it built or pulled.
 */
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { CcsimClient } from '../client/index.js';
import type { ClockMode } from '../simulation.js';

/** The port ccsim listens on inside its image. */
export const CCSIM_PORT = 8080;

/** Where a scenario file given with withScenarioFile lands in the container. */
const SCENARIO_PATH = '/tmp/ccsim-scenarios.yaml';

export class CcsimContainer extends GenericContainer {
  private adminToken: string | undefined;

  /** `image`: the ccsim image to run, as the container runtime names it (`ccsim:latest`, `localhost/ccsim:ci`). */
  constructor(image = 'ccsim:latest') {
    super(image);
    this.withExposedPorts(CCSIM_PORT)
      .withWaitStrategy(Wait.forHttp('/__admin/health', CCSIM_PORT).forStatusCode(200))
      .withStartupTimeout(60_000);
  }

  /** The scenario to serve, by name (of the image's scenarios.yaml, or of withScenarioFile's). */
  withScenario(name: string): this {
    return this.withEnvironment({ CCSIM_SCENARIO: name });
  }

  /** A scenario file of the team's (a path on this machine), copied into the container and served. */
  withScenarioFile(path: string): this {
    return this.withCopyFilesToContainer([{ source: path, target: SCENARIO_PATH, mode: 0o644 }]).withEnvironment({ CCSIM_FILE: SCENARIO_PATH });
  }

  withSeed(seed: number): this {
    return this.withEnvironment({ CCSIM_SEED: String(seed) });
  }

  /** `manual` (time moves only when the test says) or `realtime` (the image's default). */
  withClock(mode: ClockMode): this {
    return this.withEnvironment({ CCSIM_CLOCK: mode });
  }

  withSpeed(speed: number): this {
    return this.withEnvironment({ CCSIM_SPEED: String(speed) });
  }

  /** /__admin needs this token; the client sends it. */
  withAdminToken(token: string): this {
    this.adminToken = token;
    return this.withEnvironment({ CCSIM_ADMIN_TOKEN: token });
  }

  override async start(): Promise<StartedCcsimContainer> {
    return new StartedCcsimContainer(await super.start(), this.adminToken);
  }
}

export class StartedCcsimContainer extends AbstractStartedContainer {
  /** `http://HOST:PORT` of the mapped port: every vendor API is under it, and /__admin. */
  readonly baseUrl: string;
  /** `ws://HOST:PORT`, for the ARM WebSocket. */
  readonly wsUrl: string;
  /** The typed client of /__admin, with the admin token when there is one. */
  readonly client: CcsimClient;

  constructor(started: StartedTestContainer, adminToken: string | undefined) {
    super(started);
    const hostPort = `${started.getHost()}:${started.getMappedPort(CCSIM_PORT)}`;
    this.baseUrl = `http://${hostPort}`;
    this.wsUrl = `ws://${hostPort}`;
    this.client = new CcsimClient({ baseUrl: this.baseUrl, token: adminToken });
  }
}
