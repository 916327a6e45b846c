// A separate engine process for crash tests: opens a workspace, runs one flow, prints
// progress as JSON lines. Usage: node core/testing/run-flow-process.ts DIR FLOW KEYCHAIN_SERVICE
import { openCore } from '../host/open-core.ts';
import { KeytarSecretStore } from '../secrets/keytar-secret-store.ts';

const [dir, flow, service] = process.argv.slice(2);
if (!dir || !flow || !service) {
  console.error('Usage: run-flow-process.ts DIR FLOW KEYCHAIN_SERVICE');
  process.exit(2);
}
const core = openCore({
  workspaceDir: dir,
  secrets: new KeytarSecretStore(service),
  logger: { info: () => {}, error: (message) => console.error(message) },
  retry: { maxAttempts: 10, baseMs: 5, capMs: 100, maxWaitMs: 5000 },
});
core.onEvent((event) => {
  if (event.name === 'runs.progress') console.log(JSON.stringify(event));
});
const result = await core.invoke('flows.run', { id: flow });
console.log(JSON.stringify({ name: 'result', payload: result }));
core.close();
