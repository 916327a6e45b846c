/**
 * Misbehaviour on purpose, for tests and the demo. Each fault fires for "the next N
 * requests" or with a probability drawn from a seeded random, so a large test can
 * sprinkle every kind reproducibly.
 */
export interface FaultRule {
  /** Fire on the next N matching requests. */
  next?: number;
  /** Or fire with this probability on each matching request. */
  probability?: number;
  /** Only on writes (POST/PUT/PATCH/DELETE) when true. */
  writesOnly?: boolean;
}

export interface FaultSettings {
  rate429?: FaultRule;
  server5xx?: FaultRule & { status?: 500 | 502 | 503 };
  slow?: FaultRule & { ms: number };
  dropConnection?: FaultRule;
  malformedJson?: FaultRule;
  /** The write is applied, then the connection dropped before the answer: the hardest case for exactly-once. */
  lostWriteAnswer?: FaultRule;
  /** The write is applied, then a 5xx is answered instead (a gateway that gave up waiting, a crash after commit). */
  serverErrorAfterWrite?: FaultRule & { status?: 500 | 502 | 503 | 504 };
  /** A proxy in front of the app strips the Idempotency-Key header, so the app never sees it. */
  stripIdempotencyKey?: boolean;
  /** Every request answers the app's expired-token 401. */
  expiredToken?: boolean;
  seed?: number;
}

export type FaultKind = Exclude<keyof FaultSettings, 'expiredToken' | 'stripIdempotencyKey' | 'seed'>;

export class FaultSwitchboard {
  #settings: FaultSettings = {};
  #random: () => number = mulberry32(1);
  readonly fired: Record<FaultKind, number> = {
    rate429: 0,
    server5xx: 0,
    slow: 0,
    dropConnection: 0,
    malformedJson: 0,
    lostWriteAnswer: 0,
    serverErrorAfterWrite: 0,
  };

  set(settings: FaultSettings): void {
    this.#settings = structuredClone(settings);
    this.#random = mulberry32(settings.seed ?? 1);
  }

  clear(): void {
    this.set({});
  }

  get expiredToken(): boolean {
    return this.#settings.expiredToken === true;
  }

  get stripIdempotencyKey(): boolean {
    return this.#settings.stripIdempotencyKey === true;
  }

  setting<K extends FaultKind>(kind: K): FaultSettings[K] {
    return this.#settings[kind];
  }

  /** Does this fault fire for this request? Counts it when it does. */
  fires(kind: FaultKind, isWrite: boolean): boolean {
    const rule = this.#settings[kind];
    if (!rule || (rule.writesOnly && !isWrite)) return false;
    let fire = false;
    if (rule.next !== undefined && rule.next > 0) {
      rule.next--;
      fire = true;
    } else if (rule.probability !== undefined) {
      fire = this.#random() < rule.probability;
    }
    if (fire) this.fired[kind]++;
    return fire;
  }
}

/** A small seeded random (mulberry32), so fault patterns repeat run after run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
