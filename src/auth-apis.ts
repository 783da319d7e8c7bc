/**
 * The APIs whose credential checks `--auth` can turn off. A module of its own so that the command line
 * can check `--auth` (and print it in its help) without loading the app.
 */
export const AUTH_APIS = ['huawei', 'conpeek'] as const;
export type AuthApi = (typeof AUTH_APIS)[number];
