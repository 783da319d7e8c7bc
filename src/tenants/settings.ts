/**
 * The tenants' settings and their defaults, apart so that the command line reads them without loading
 * the server (`ccsim run` starts without Fastify).
 */

/** Tenants held at once by default, the default one included (`--max-tenants`). */
export const DEFAULT_MAX_TENANTS = 64;
/** Seconds a tenant may stay idle before it is let go, by default (`--tenant-idle`; 0: never). */
export const DEFAULT_TENANT_IDLE_SECONDS = 3600;
