// The peer side of bench/compare-engines: aws-local-stepfunctions on the same benchmark file as our engine (same
// definition, input and mocked task results, AWS Step Functions Local's mock-config format), each execution checked
// against the expected output. Warms up and prints the same WARMUP/PHASE lines as io.github.gamehousekeeping.bench.EnginePhases.
// Usage: node peer.mjs FILE SECONDS CALLERS   (run from the folder where the script installed the package)
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

// Node 20 lacks Promise.withResolvers, which aws-local-stepfunctions 3.x calls.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import('aws-local-stepfunctions');

const [file, secondsArg, callersArg] = process.argv.slice(2);
const bench = JSON.parse(readFileSync(file, 'utf8'));
const seconds = Number(secondsArg);
const callers = Number(callersArg);
const name = bench.stateMachineName ?? 'Housekeeping';

// The peer writes `"ResultPath": "$"` as a key named "$" instead of replacing the input: the field is the default
// anyway, so it is dropped here (same semantics, no behaviour of ours changed for the comparison).
function dropRootResultPath(states) {
  for (const state of Object.values(states)) {
    if (state.ResultPath === '$') delete state.ResultPath;
    for (const branch of state.Branches ?? []) dropRootResultPath(branch.States);
    if (state.Iterator) dropRootResultPath(state.Iterator.States);
    if (state.ItemProcessor) dropRootResultPath(state.ItemProcessor.States);
  }
}
const definition = structuredClone(bench.definition);
dropRootResultPath(definition.States);

// Each Task state returns its first mocked response's Return, as MockConfigTaskInvoker does for our engine: the same
// object every time, not a copy (ours returns the same node too; the output check of every execution would catch an
// engine changing it).
const testCase = bench.mockConfig.StateMachines[name].TestCases.Default;
const handlers = {};
for (const [state, response] of Object.entries(testCase)) {
  const value = bench.mockConfig.MockedResponses[response]['0'].Return;
  handlers[state] = async () => value;
}

const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
const expected = bench.expected.output;

async function execute() {
  const { result } = machine.run(bench.input, { overrides: { taskResourceLocalHandlers: handlers } });
  const output = await result;
  if (!isDeepStrictEqual(output, expected)) {
    throw new Error('unexpected result: ' + JSON.stringify(output));
  }
}

// Each caller runs executions back to back for the given time; returns every execution's latency (ms).
async function measure(secs, n) {
  const end = performance.now() + secs * 1000;
  const latencies = [];
  await Promise.all(Array.from({ length: n }, async () => {
    while (performance.now() < end) {
      const s = performance.now();
      await execute();
      latencies.push(performance.now() - s);
    }
  }));
  return latencies;
}

// Warm-up as EnginePhases.warmUp: 1-second windows until one is no more than 5% above the best before it (at least 5,
// at most MAX_WARMUP_SECONDS).
const MAX_WARMUP_SECONDS = 30;
async function warmUp(n) {
  const start = performance.now();
  let best = 0;
  let windows = 0;
  while (true) {
    const rate = (await measure(1, n)).length;
    windows++;
    const improving = rate > best * 1.05;
    best = Math.max(best, rate);
    const elapsed = (performance.now() - start) / 1000;
    if ((windows >= 5 && !improving) || elapsed >= MAX_WARMUP_SECONDS) {
      console.log(`WARMUP engine=peer callers=${n} windows=${windows} seconds=${elapsed.toFixed(1)} last_per_second=${rate}`);
      return;
    }
  }
}

async function phase(label, secs, n) {
  const t0 = performance.now();
  const latencies = await measure(secs, n);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const count = latencies.length;
  console.log(`PHASE engine=peer phase=${label} callers=${n} executions=${count} seconds=${elapsed.toFixed(2)} `
    + `per_second=${(count / elapsed).toFixed(0)} p50_ms=${latencies[Math.floor(count / 2)].toFixed(3)} `
    + `p99_ms=${latencies[Math.floor(count * 0.99)].toFixed(3)}`);
}

await warmUp(1);
await warmUp(callers);
await phase('sequential', seconds, 1);
await phase('concurrent', seconds, callers);
