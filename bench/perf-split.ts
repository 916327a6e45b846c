// Splits a process's CPU samples from Linux `perf` into what they were spent on: our own
// JavaScript, Node's, SQLite, socket writes, the HTTP parser, V8's background threads,
// GC. V8's own CPU profiler (`--profile`) charges native time to whichever JavaScript
// function called into C++ last, so it put seconds on `writeUtf8String` that perf finds
// in other places; perf samples every thread, native frames and the kernel as they are.
//
//   NODE_OPTIONS=--perf-basic-prof perf record -e cpu-clock -F 1000 -a -g -o perf.data -- \
//     npm run bench -- --sizes 10000 --runs 1 --jobs ceiling,patchbay --no-orders --no-csv
//   perf script -i perf.data -F pid,ip,sym > perf.txt
//   node bench/perf-split.ts perf.txt --hz 1000            # every process, largest first
//   node bench/perf-split.ts perf.txt --hz 1000 --pid 1234 # one process, by kind and function
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    hz: { type: 'string', default: '1000' },
    pid: { type: 'string' },
    top: { type: 'string', default: '25' },
  },
});
if (positionals.length !== 1) throw new Error('Give the text `perf script -F pid,ip,sym` wrote.');
const hz = Number(args.hz);
const seconds = (samples: number) => `${(samples / hz).toFixed(2).padStart(7)} s`;

/** One sample: its process and its stack, innermost frame first. */
interface Sample {
  pid: string;
  frames: string[];
}

function* samplesOf(text: string): Generator<Sample> {
  for (const block of text.split('\n\n')) {
    const [head, ...lines] = block.split('\n').filter((line) => line.trim() !== '');
    if (!head) continue;
    const frames = lines.map((line) => {
      const match = /^\s*([0-9a-f]+) (.*)$/.exec(line);
      if (!match) return '?';
      return match[1]!.startsWith('ffffffff') ? `[kernel] ${match[2]}` : match[2]!;
    });
    yield { pid: head.trim(), frames };
  }
}

/** What a sample was spent on, judged from its whole stack. */
function kindOf(frames: string[]): string {
  const has = (pattern: RegExp) => frames.some((frame) => pattern.test(frame));
  if (has(/PlatformWorkerThread/)) return "V8's background threads (compiling, GC)";
  if (has(/Scavenger|MarkCompact|Heap::CollectGarbage|Heap::PerformGarbageCollection/))
    return 'GC on the main thread';
  if (has(/sqlite3_/)) return 'SQLite';
  if (has(/__libc_write|writev/)) return 'socket writes';
  if (has(/llhttp/)) return 'HTTP parsing (llhttp)';
  const js = frames.find((frame) => frame.startsWith('JS:'));
  if (!js) return has(/LoadEnvironment|ModuleWrap|Compiler::Compile/) ? 'start-up' : 'other native';
  if (js.includes('node:')) return "Node's JavaScript";
  return js.includes('node_modules') ? 'JavaScript of dependencies' : 'our JavaScript (and what it calls)';
}

const bySamples = <K>(counts: Map<K, number>) => [...counts].sort((a, b) => b[1] - a[1]);
const count = <K>(counts: Map<K, number>, key: K) => counts.set(key, (counts.get(key) ?? 0) + 1);

const text = readFileSync(positionals[0]!, 'utf8');
if (args.pid === undefined) {
  const perProcess = new Map<string, number>();
  for (const sample of samplesOf(text)) count(perProcess, sample.pid);
  for (const [pid, samples] of bySamples(perProcess).slice(0, Number(args.top)))
    console.log(`${seconds(samples)}  pid ${pid}`);
} else {
  const kinds = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const sample of samplesOf(text)) {
    if (sample.pid !== args.pid) continue;
    total++;
    count(kinds, kindOf(sample.frames));
    const js = sample.frames.find((frame) => frame.startsWith('JS:'));
    if (js)
      count(
        functions,
        js.replace(/^JS:[*+^~]?'?/, '').replace(/file:\/\/\S*?\/(bench|core|node_modules)\//, '$1/'),
      );
  }
  console.log(`${seconds(total)}  pid ${args.pid}, all threads`);
  for (const [kind, samples] of bySamples(kinds)) console.log(`${seconds(samples)}  ${kind}`);
  console.log('\nNearest JavaScript function (with the native work it called):');
  for (const [name, samples] of bySamples(functions).slice(0, Number(args.top)))
    console.log(`${seconds(samples)}  ${name}`);
}
