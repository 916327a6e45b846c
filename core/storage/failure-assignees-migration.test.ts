import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { SqliteAuditLog } from './audit-repository.ts';
import { SqliteFailureRepository } from './failure-repository.ts';
import { migrations } from './migrations/index.ts';
import { openDatabase } from './open-database.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

it('keeps failures and audit entries made before version 11, handed to nobody, and backs the file up first', () => {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  const file = join(dir, 'patchbay.db');
  const before = openDatabase(file, { migrations: migrations.filter((m) => m.version < 11) });
  before.db.exec(`
    INSERT INTO apps (id, name, category, criticality, created_at, updated_at)
      VALUES ('a', 'CRM', 'crm', 'low', 'x', 'x'), ('b', 'Books', 'accounting', 'low', 'x', 'x');
    INSERT INTO flows (id, name, source_app_id, source_entity, target_app_id, target_entity, created_at, updated_at)
      VALUES ('f', 'CRM to books', 'a', 'Clients', 'b', 'Customers', 'x', 'x');
    INSERT INTO failures (flow_id, source_record_id, payload, error_class, message, state, note, created_at, updated_at)
      VALUES ('f', 'r1', '{"email":"a@b.c"}', 'validation', 'Refused.', 'needs-attention', 'Asked.', 'x', 'x');
    INSERT INTO audit (at, actor, action, subject, detail) VALUES ('2026-01-01T00:00:00.000Z', 'user', 'flow.create', 'f', '{"name":"CRM to books"}');
  `);
  before.db.close();

  const after = openDatabase(file);
  cleanups.unshift(() => after.db.close());
  expect(after.backupFile).toBeDefined();
  const failures = new SqliteFailureRepository(after.db);
  const [failure] = failures.list({ limit: 10, offset: 0 }).items;
  expect(failure).toMatchObject({
    sourceRecordId: 'r1',
    note: 'Asked.',
    assignee: null,
    payload: { email: 'a@b.c' },
  });
  expect(failures.editOf(failure!.id)).toEqual({});
  expect(failures.list({ assignee: null, limit: 10, offset: 0 }).total).toBe(1);
  const audit = new SqliteAuditLog(after.db).list(
    { since: '2025-12-31T00:00:00.000Z' },
    { limit: 10, offset: 0 },
  );
  expect(audit.items).toMatchObject([{ action: 'flow.create', detail: { name: 'CRM to books' } }]);
  const indexes = after.db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('failures_by_assignee', 'audit_by_at')",
    )
    .all()
    .map((r) => r.name)
    .sort();
  expect(indexes).toEqual(['audit_by_at', 'failures_by_assignee']);
});
