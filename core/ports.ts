// The ports every part of core/ may need, whatever its room: time, a log, ids. Each
// host passes its own (the system clock, the console, random UUIDs); tests pass theirs.

/** The time source; tests pass a controllable one. */
export interface Clock {
  now(): Date;
}

/** Where the core writes its log lines. Must never receive secret values. */
export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export type NewId = () => string;
