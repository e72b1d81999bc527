// Parsing AWS Query answers: the strict reader of worker/cloud/aws/xml.ts (`parseXml`) against the
// general parser it replaced (fast-xml-parser 5 with the options xml.ts used: test/cloud/fixtures/
// aws-answers.ts `referenceParse`), on answers the simulator's own XML writers build.
// Issue 14: parsing was 34 % of the AccountAgent's own JS time in a 100-account fleet profile.
// Run: npm exec -- node bench/xml-parse.ts   (BENCH_ROUNDS, default 9; BENCH_MIN_MS per sample, default 200)
// Prints, per answer: its size, ns per parse for each parser (median of the rounds; in each round
// each parser times as many parses as fill about BENCH_MIN_MS, the sample size shown), and the
// speed-up. Both parsers are warmed up by their calibration first.
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

// The simulator's modules use TypeScript parameter properties, which Node's default type stripping
// refuses: run again with type transformation (hence the imports below are dynamic).
if (!process.execArgv.includes("--experimental-transform-types")) {
  const args = ["--experimental-transform-types", "--disable-warning=ExperimentalWarning", fileURLToPath(import.meta.url)];
  process.exit(spawnSync(process.execPath, args, { stdio: "inherit" }).status ?? 1);
}
const { parseXml } = await import("../worker/cloud/aws/xml.ts");
// Typed here, not followed: the fixture pulls in the simulator's Workers-typed modules, which this
// Node-side project (scripts/tsconfig.json) does not compile; the main project checks the fixture.
const fixture = "../test/cloud/fixtures/aws-answers.ts";
const { answerCorpus, referenceParse } = (await import(fixture)) as { answerCorpus(): Record<string, string>; referenceParse(text: string): unknown };

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 200);

/** Parses per sample so that one sample lasts about MIN_MS. */
function calibrate(fn: () => unknown): number {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let k = 0; k < n; k++) fn();
    const ms = performance.now() - t0;
    if (ms >= MIN_MS / 4) return Math.max(1, Math.ceil((n * MIN_MS) / ms));
    n *= 2;
  }
}

function nsPerOp(fn: () => unknown, n: number): number {
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < n; k++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: { answer: string; bytes: number; parses: string; library: number; reader: number; speedup: number }[] = [];
for (const [answer, text] of Object.entries(answerCorpus())) {
  // Only equal answers are worth comparing (the differential test checks this too).
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(parseXml(text))), referenceParse(text))) {
    throw new Error(`${answer}: the reader and the library disagree`);
  }
  const library = () => referenceParse(text);
  const reader = () => parseXml(text);
  const libraryParses = calibrate(library);
  const readerParses = calibrate(reader);
  const lib: number[] = [];
  const own: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so neither parser always runs on a freshly collected heap.
    if (r % 2 === 0) {
      lib.push(nsPerOp(library, libraryParses));
      own.push(nsPerOp(reader, readerParses));
    } else {
      own.push(nsPerOp(reader, readerParses));
      lib.push(nsPerOp(library, libraryParses));
    }
  }
  const l = median(lib);
  const o = median(own);
  rows.push({ answer, bytes: text.length, parses: `${libraryParses}/${readerParses}`, library: Math.round(l), reader: Math.round(o), speedup: Math.round((l / o) * 100) / 100 });
}

console.log(`node ${process.version}, ${cpus()[0]?.model ?? "?"} × ${cpus().length}; median of ${ROUNDS} rounds, ns per parse`);
console.log("answer".padEnd(26), "bytes".padStart(8), "parses (lib/own)".padStart(16), "library".padStart(10), "reader".padStart(10), "speed-up".padStart(9));
for (const r of rows) {
  console.log(
    r.answer.padEnd(26),
    String(r.bytes).padStart(8),
    r.parses.padStart(16),
    r.library.toLocaleString("en").padStart(10),
    r.reader.toLocaleString("en").padStart(10),
    `${r.speedup.toFixed(2)}×`.padStart(9),
  );
}
