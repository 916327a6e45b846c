import Database from 'better-sqlite3';

/** Words a bench or a test can look for in the failures `fillFailures` writes. */
export const manyFailuresWords = {
  rateLimit: 'Bench Billing asked Patchbay to slow down (too many requests).',
  mapping: 'The flow could not turn this record into what the target app expects. Email is required.',
  /** The start of each rejection; each names its own record's email, so none are folded together. */
  rejected: 'Bench Billing rejected this record because some of its data is not valid there.',
} as const;

/** The flow `createFailingFlow` makes. */
export const failingFlowName = 'Contacts to billing customers';

/**
 * Two apps and a flow between them, made through the API (`call`: the core's own
 * `invoke`, or HTTP from a test's page), for `fillFailures` to fail. Answers the flow's id.
 */
export async function createFailingFlow(
  call: (method: string, input: object) => Promise<unknown>,
): Promise<string> {
  // The answers are the contract's; `call` is untyped by name, as it serves any transport.
  const crm = (await call('apps.create', { name: 'Bench CRM', entities: [{ name: 'Contacts' }] })) as {
    id: string;
  };
  const billing = (await call('apps.create', {
    name: 'Bench Billing',
    entities: [{ name: 'Customers' }],
  })) as { id: string };
  const flow = (await call('flows.create', {
    name: failingFlowName,
    sourceAppId: crm.id,
    sourceEntity: 'Contacts',
    targetAppId: billing.id,
    targetEntity: 'Customers',
    matchKey: 'email',
    mapping: [{ target: 'email', source: 'email' }],
    enabled: false,
  })) as { id: string };
  return flow.id;
}

/**
 * Writes `total` unresolved failures of one flow and one (new) run straight into a
 * workspace's database, as 100,000 failed records would leave them: of every ten, one
 * waiting to retry after a rate limit and two that did not fit the mapping (each kind
 * with one message, so the view folds them), and seven rejected by the target, each with
 * its own message. The workspace and flow are made through the API first; the rows are
 * written directly, as a sync making them would take minutes.
 */
export function fillFailures(databaseFile: string, flowId: string, total: number): void {
  const db = new Database(databaseFile);
  try {
    const now = new Date();
    const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
    const runId = Number(
      db
        .prepare(
          `INSERT INTO runs (flow_id, trigger, status, started_at, finished_at, read, created, failed)
           VALUES (?, 'schedule', 'partial', ?, ?, ?, 0, ?)`,
        )
        .run(flowId, at(-3_600_000), at(-3_000_000), total, total).lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO failures (flow_id, run_id, source_record_id, payload, error_class, message, attempts,
         next_attempt_at, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 1; i <= total; i++) {
        const email = `contact${i}(at)example.com`;
        const payload = JSON.stringify({
          id: String(i),
          email,
          firstname: `First${i}`,
          lastname: `Last${i}`,
          phone: i % 3 === 0 ? null : `+1 555 ${String(i).padStart(7, '0')}`,
          company: `Company ${i % 500}`,
        });
        const created = at(-3_000_000 + i);
        const [errorClass, message, attempts, nextAttemptAt, state] =
          i % 10 === 0
            ? ['rate_limit', manyFailuresWords.rateLimit, 2, at(86_400_000), 'open']
            : i % 10 < 3
              ? ['mapping', manyFailuresWords.mapping, 1, null, 'needs-attention']
              : [
                  'validation',
                  `${manyFailuresWords.rejected} Bench Billing said: "Invalid email address: ${email}"`,
                  1,
                  null,
                  'needs-attention',
                ];
        insert.run(
          flowId,
          runId,
          String(i),
          payload,
          errorClass,
          message,
          attempts,
          nextAttemptAt,
          state,
          created,
          created,
        );
      }
    })();
  } finally {
    db.close();
  }
}
