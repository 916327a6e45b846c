// Summarises a V8 heap snapshot (bench/heap-snapshots.ts): the live heap, what kinds of
// objects fill it, and the objects that keep the most memory alive (retained size over
// the dominator tree), each with what holds it. Enough to tell "module code and
// buffers" from "something per record".
//
//   node bench/heap-retainers.ts file.heapsnapshot [--top 15]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '15' } },
});
if (positionals.length !== 1) throw new Error('Give one .heapsnapshot file.');

interface Snapshot {
  snapshot: {
    meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}
const snap = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Snapshot;
const { meta } = snap.snapshot;
const nf = meta.node_fields.length;
const ef = meta.edge_fields.length;
const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) =>
  meta.node_fields.indexOf(f),
) as [number, number, number, number];
const [edgeTypeAt, edgeToAt] = ['type', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [
  number,
  number,
];
const nodeTypes = meta.node_types[0];
const weak = meta.edge_types[0].indexOf('weak');
const count = snap.nodes.length / nf;

// Children of each node (strong edges only), as offsets into one array.
const firstEdge = new Uint32Array(count + 1);
for (let i = 0; i < count; i++) firstEdge[i + 1] = firstEdge[i]! + snap.nodes[i * nf + edgeCountAt]!;
const childOf = (e: number) => snap.edges[e * ef + edgeToAt]! / nf;
const isStrong = (e: number) => snap.edges[e * ef + edgeTypeAt] !== weak;

// Reverse post-order from the root (node 0), iteratively.
const order = new Int32Array(count).fill(-1);
const post: number[] = [];
const stack: [number, number][] = [[0, firstEdge[0]!]];
const seen = new Uint8Array(count);
seen[0] = 1;
while (stack.length > 0) {
  const top = stack[stack.length - 1]!;
  const [node, edge] = top;
  if (edge < firstEdge[node + 1]!) {
    top[1]++;
    const child = childOf(edge);
    if (isStrong(edge) && !seen[child]) {
      seen[child] = 1;
      stack.push([child, firstEdge[child]!]);
    }
  } else {
    order[node] = post.length;
    post.push(node);
    stack.pop();
  }
}
// Predecessors of reachable nodes.
const preds: number[][] = Array.from({ length: count }, () => []);
for (const node of post)
  for (let e = firstEdge[node]!; e < firstEdge[node + 1]!; e++)
    if (isStrong(e) && seen[childOf(e)]) preds[childOf(e)]!.push(node);

// Cooper, Harvey and Kennedy's iterative dominators.
const idom = new Int32Array(count).fill(-1);
idom[0] = 0;
const intersect = (a: number, b: number) => {
  while (a !== b) {
    while (order[a]! < order[b]!) a = idom[a]!;
    while (order[b]! < order[a]!) b = idom[b]!;
  }
  return a;
};
for (let changed = true; changed;) {
  changed = false;
  for (let i = post.length - 2; i >= 0; i--) {
    const node = post[i]!;
    let dom = -1;
    for (const p of preds[node]!) if (idom[p] !== -1) dom = dom === -1 ? p : intersect(p, dom);
    if (dom !== -1 && idom[node] !== dom) {
      idom[node] = dom;
      changed = true;
    }
  }
}
const retained = new Float64Array(count);
for (const node of post) {
  retained[node] = retained[node]! + snap.nodes[node * nf + sizeAt]!;
  if (node !== 0) retained[idom[node]!] = retained[idom[node]!]! + retained[node]!;
}

const typeOf = (n: number) => nodeTypes[snap.nodes[n * nf + typeAt]!]!;
const nameOf = (n: number) => snap.strings[snap.nodes[n * nf + nameAt]!]!.replace(/\s+/g, ' ').slice(0, 60);
const label = (n: number) => `${typeOf(n)} ${nameOf(n)}`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

const kinds = new Map<string, number>();
for (const node of post) {
  const kind = ['object', 'closure', 'native'].includes(typeOf(node))
    ? `${typeOf(node)} ${nameOf(node)}`
    : typeOf(node);
  kinds.set(kind, (kinds.get(kind) ?? 0) + snap.nodes[node * nf + sizeAt]!);
}
const top = Number(args.top);
console.log(`live heap ${mb(retained[0]!)} in ${post.length.toLocaleString('en')} objects`);
console.log('\nby kind (own size):');
for (const [kind, size] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`  ${mb(size).padStart(9)}  ${kind}`);
// The biggest holders below the synthetic roots, each with the object that holds it.
const synthetic = (n: number) => typeOf(n) === 'synthetic' || n === 0;
// A holder that keeps nearly all of its own holder's memory says nothing new: skipped.
const holders = post
  .filter((n) => !synthetic(n))
  .sort((a, b) => retained[b]! - retained[a]!)
  .filter((n) => synthetic(idom[n]!) || retained[n]! < 0.9 * retained[idom[n]!]!)
  .slice(0, top);
console.log('\nlargest retainers (retained size — object ← held by):');
for (const n of holders) console.log(`  ${mb(retained[n]!).padStart(9)}  ${label(n)}  ← ${label(idom[n]!)}`);
