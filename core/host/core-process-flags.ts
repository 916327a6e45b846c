/**
 * V8 flags for a process that runs the core (a sync). V8 lets the young generation grow
 * to 64 MB per semi-space on a 64-bit machine once enough objects have survived, and a
 * sync's short-lived objects (a page, its requests and answers) always do in the end:
 * a 100,000-record sync reached 134 MB of young generation against 30 MB of live heap
 * (bench/README.md). 8 MB semi-spaces keep the whole process under 200 MB for any size
 * of sync (`coreProcessEnv` below does the rest) at no measurable cost in time. V8 reads them only at start, so they must be
 * on the command line (process.execArgv), not set from inside.
 */
export const coreNodeFlags: readonly string[] = ['--max-semi-space-size=8'];

/**
 * Environment for a process that runs the core. glibc gives each thread that allocates
 * its own malloc arena (up to 8 per core), and each keeps what was freed in it: Node's
 * and V8's helper threads held ~40 MB that way in a 100,000-record sync. Two arenas
 * took that sync's peak from 190–203 MB to 174–198 MB. glibc reads it at start only, and
 * other C libraries ignore it.
 */
export const coreProcessEnv: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
