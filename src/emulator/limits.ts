/**
 * The emulator's bounds: every delay it can be told to make, and how long an operation may run.
 * No imports, so the CLI can show them in its help without loading the emulator.
 */

/** A fault's delayMs, in milliseconds. */
export const MAX_DELAY_MS = 30_000;
/** A fault's retryAfter (the Retry-After header), in seconds. */
export const MAX_RETRY_AFTER_S = 60;
/** A fault's retryAfterMs (the retry-after-ms header), in milliseconds. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** Polls an operation answers InProgress before it ends (--lro-polls). */
export const MAX_LRO_POLLS = 100;
/**
 * An operation nobody has polled (or read) for this long ends on its own, as in Azure, where an
 * operation finishes whether or not its client is still there. With at most MAX_LRO_POLLS polls,
 * every operation ends within (MAX_LRO_POLLS + 1) x this after it began.
 */
export const DEFAULT_ABANDONED_AFTER_MS = 2_000;
/** The most a caller may set abandonedAfterMs to. */
export const MAX_ABANDONED_AFTER_MS = 60_000;
/**
 * How long a principal a cluster PUT makes (its identity) takes to replicate: until then a role
 * assignment that names it without a principalType is refused with PrincipalNotFound, as in Azure.
 */
export const DEFAULT_PRINCIPAL_REPLICATION_MS = 30_000;
export const MAX_PRINCIPAL_REPLICATION_MS = 600_000;
/** Resource Graph's quota: queries a client may send in one window (ARG's default is 15 in 5 s). */
export const DEFAULT_ARG_QUOTA = 15;
export const MAX_ARG_QUOTA = 10_000;
/** Resource Graph's quota window, in milliseconds. */
export const DEFAULT_ARG_WINDOW_MS = 5_000;
export const MAX_ARG_WINDOW_MS = 60_000;
/** The largest fleet[:N] scenario. */
export const MAX_FLEET_CLUSTERS = 50_000;
