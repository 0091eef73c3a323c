/**
 * Sentiment benchmark (SPEC §7): direction accuracy and speed of the built-in analyzer on the
 * labelled set of `test/fixtures/sentiment/messages.jsonl`, next to the stock lexicons it
 * starts from (AFINN-165 via `sentiment` for English, `@nlpjs/sentiment` for Dutch).
 *
 *   npm run bench:sentiment          (node --import tsx bench/sentiment.bench.ts)
 *
 * Targets: ≥ 90 % direction accuracy per language on the validation part, ≥ 50,000
 * messages/s on one core. With `OMNIPULSE_SCENARIOS=<dir>` (default `../shared/scenarios`
 * when present) it also checks the labelled scenario conversations of that folder.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createAnalyzer, type MessageSentiment } from '../src/sentiment/index.js';

const require = createRequire(import.meta.url);

type Direction = 'negative' | 'neutral' | 'positive';
type Language = 'en' | 'nl';
const DIRECTIONS: readonly Direction[] = ['negative', 'neutral', 'positive'];
const LANGUAGES: readonly Language[] = ['en', 'nl'];

interface LabelledMessage {
  text: string;
  lang: Language;
  direction: Direction;
  strength: number;
  split: 'tune' | 'validation' | 'blind';
}

const fixture = fileURLToPath(new URL('../test/fixtures/sentiment/messages.jsonl', import.meta.url));
const rows: LabelledMessage[] = readFileSync(fixture, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledMessage);

function directionOfScore(score: number): Direction {
  return score < 0 ? 'negative' : score > 0 ? 'positive' : 'neutral';
}

function directionOfLevel(level: string): Direction {
  if (level === 'neutral') return 'neutral';
  return level.endsWith('negative') ? 'negative' : 'positive';
}

// ---- the analyzers under test -------------------------------------------------------------

const omnipulse = createAnalyzer();
const omnipulseDirection = (text: string): Direction => directionOfLevel(omnipulse.analyze(text).level);

const AfinnSentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };
const afinn = new AfinnSentiment();
const afinnDirection = (text: string): Direction => directionOfScore(afinn.analyze(text).score);

const { Container } = require('@nlpjs/core') as { Container: new () => { use(plugin: unknown): void } };
const { SentimentAnalyzer: NlpjsSentiment } = require('@nlpjs/sentiment') as {
  SentimentAnalyzer: new (settings: { container: unknown }) => {
    process(input: { locale: string; text: string }): Promise<{ sentiment: { score: number } }>;
  };
};
const { LangNl } = require('@nlpjs/lang-nl') as { LangNl: unknown };
const nlpjsContainer = new Container();
nlpjsContainer.use(LangNl);
const nlpjs = new NlpjsSentiment({ container: nlpjsContainer });
const nlpjsDirection = async (text: string): Promise<Direction> =>
  directionOfScore((await nlpjs.process({ locale: 'nl', text })).sentiment.score);

// ---- accuracy -----------------------------------------------------------------------------

type Confusion = Record<Direction, Record<Direction, number>>;

function emptyConfusion(): Confusion {
  const confusion = {} as Confusion;
  for (const want of DIRECTIONS) confusion[want] = { negative: 0, neutral: 0, positive: 0 };
  return confusion;
}

function accuracyOf(confusion: Confusion): number {
  let right = 0;
  let total = 0;
  for (const want of DIRECTIONS) {
    for (const got of DIRECTIONS) {
      total += confusion[want][got];
      if (want === got) right += confusion[want][got];
    }
  }
  return total === 0 ? Number.NaN : right / total;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function printConfusion(title: string, confusion: Confusion): void {
  console.log(`  ${title}: accuracy ${percent(accuracyOf(confusion))}`);
  console.log(`    ${'label \\ got'.padEnd(12)}${DIRECTIONS.map((d) => d.padStart(10)).join('')}   recall`);
  for (const want of DIRECTIONS) {
    const row = confusion[want];
    const total = row.negative + row.neutral + row.positive;
    const cells = DIRECTIONS.map((got) => String(row[got]).padStart(10)).join('');
    console.log(`    ${want.padEnd(12)}${cells}   ${total === 0 ? '-' : percent(row[want] / total)}`);
  }
}

async function confusionOf(
  selection: readonly LabelledMessage[],
  direction: (text: string) => Direction | Promise<Direction>,
): Promise<Confusion> {
  const confusion = emptyConfusion();
  for (const row of selection) confusion[row.direction][await direction(row.text)] += 1;
  return confusion;
}

// ---- speed --------------------------------------------------------------------------------

const MEASURE_SECONDS = 0.5;
const ROUNDS = 3;
const WARM_UP_PASSES = 20;

/**
 * Messages per second: the best of three rounds of about 0.5 s each over `texts`, so that a
 * burst of load from other processes on the machine does not count as the analyzer's time.
 */
async function bestOf(round: () => Promise<number> | number): Promise<number> {
  let best = 0;
  for (let index = 0; index < ROUNDS; index += 1) best = Math.max(best, await round());
  return best;
}

async function timeAsync(texts: readonly string[], analyze: (text: string) => Promise<unknown>): Promise<number> {
  let count = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MEASURE_SECONDS) {
    for (const text of texts) await analyze(text);
    count += texts.length;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return count / elapsed;
}

function timeSync(texts: readonly string[], analyze: (text: string) => unknown): number {
  let count = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MEASURE_SECONDS) {
    for (const text of texts) analyze(text);
    count += texts.length;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return count / elapsed;
}

/** A warm analyzer: after 20 passes its word memo holds every word of the set. */
async function speedOf(texts: readonly string[], analyze: (text: string) => unknown): Promise<number> {
  for (let pass = 0; pass < WARM_UP_PASSES; pass += 1) for (const text of texts) analyze(text);
  return bestOf(() => timeSync(texts, analyze));
}

/** The async baseline (`@nlpjs`), awaited per message as its API requires. */
async function asyncSpeedOf(texts: readonly string[], analyze: (text: string) => Promise<unknown>): Promise<number> {
  for (let pass = 0; pass < WARM_UP_PASSES; pass += 1) for (const text of texts) await analyze(text);
  return bestOf(() => timeAsync(texts, analyze));
}

/**
 * A new analyzer for every pass over the set: its word memo starts empty, as for a stream of
 * messages whose words were never seen before. A worst case; live traffic repeats words.
 */
async function coldSpeedOf(texts: readonly string[]): Promise<number> {
  return bestOf(() => {
    let count = 0;
    const started = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < MEASURE_SECONDS) {
      const analyzer = createAnalyzer();
      for (const text of texts) analyzer.analyze(text);
      count += texts.length;
      elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    }
    return count / elapsed;
  });
}

function loadAverage(): string {
  return os.loadavg()[0].toFixed(2) + ` on ${os.availableParallelism()} cores`;
}

function rate(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} msg/s`;
}

// ---- scenario sanity check ----------------------------------------------------------------

interface ScenarioResult {
  right: number;
  total: number;
  byLabel: Record<string, { right: number; total: number }>;
}

/**
 * SPEC §7 on the shared scenarios: for every conversation labelled very-negative or
 * very-positive, `combine` over the customer's last six public messages must give the
 * label's direction. Texts are never printed.
 */
function checkScenarios(folder: string): ScenarioResult {
  const analyzer = createAnalyzer();
  const result: ScenarioResult = { right: 0, total: 0, byLabel: {} };
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.sentiment.json'))) {
    const labels = JSON.parse(readFileSync(`${folder}/${file}`, 'utf8')) as Record<string, [string, string, string | null]>;
    const events = readFileSync(`${folder}/${file.replace('.sentiment.json', '.jsonl')}`, 'utf8');
    const seenIds = new Set<string>();
    const messages = new Map<string, MessageSentiment[]>();
    for (const line of events.split('\n')) {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (event.type !== 'conversation.message' || typeof event.id !== 'string' || seenIds.has(event.id)) continue;
      seenIds.add(event.id);
      const isPublic = (event.visibility ?? 'public') === 'public';
      if (event.from !== 'customer' || !isPublic || typeof event.text !== 'string') continue;
      const conversationId = String(event.conversationId);
      const list = messages.get(conversationId) ?? [];
      list.push(analyzer.analyze(event.text));
      messages.set(conversationId, list);
    }
    for (const [conversationId, [label]] of Object.entries(labels)) {
      const list = messages.get(conversationId);
      if (label === 'neutral' || list === undefined) continue;
      const level = analyzer.combine(list.slice(-6));
      const isRight = label === 'very-negative' ? directionOfLevel(level) === 'negative' : directionOfLevel(level) === 'positive';
      const tally = (result.byLabel[label] ??= { right: 0, total: 0 });
      tally.total += 1;
      result.total += 1;
      if (isRight) {
        tally.right += 1;
        result.right += 1;
      }
    }
  }
  return result;
}

// ---- report -------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log('Sentiment benchmark (SPEC §7)');
  console.log(`labelled set: ${fixture}`);
  for (const lang of LANGUAGES) {
    const ofLanguage = rows.filter((row) => row.lang === lang);
    const count = (split: LabelledMessage['split']) => ofLanguage.filter((row) => row.split === split).length;
    console.log(
      `  ${lang}: ${ofLanguage.length} messages (${count('validation')} validation, ${count('blind')} blind, ${count('tune')} tune)`,
    );
  }

  const summary: string[] = [];
  for (const lang of LANGUAGES) {
    const baselineName = lang === 'en' ? 'AFINN-165 (sentiment)' : '@nlpjs/sentiment (nl)';
    const baseline = lang === 'en' ? afinnDirection : nlpjsDirection;
    for (const part of ['validation', 'blind', 'all'] as const) {
      const selection = rows.filter((row) => row.lang === lang && (part === 'all' || row.split === part));
      const title = part === 'all' ? 'whole set' : `${part} part`;
      console.log(`\n[${lang}] ${title} (${selection.length} messages)`);
      const ours = await confusionOf(selection, omnipulseDirection);
      const theirs = await confusionOf(selection, baseline);
      printConfusion('omnipulse', ours);
      printConfusion(`baseline ${baselineName}`, theirs);
      const ratio = accuracyOf(ours) / accuracyOf(theirs);
      console.log(`  accuracy ratio omnipulse / baseline: ${ratio.toFixed(2)}`);
      summary.push(
        `| ${lang} | ${part} | ${selection.length} | ${percent(accuracyOf(ours))} | ${percent(accuracyOf(theirs))} (${baselineName}) |`,
      );
    }
  }

  console.log(`\nSpeed (one core; best of ${ROUNDS} rounds of ${MEASURE_SECONDS} s over the labelled set; load average ${loadAverage()})`);
  const texts = rows.map((row) => row.text);
  const englishTexts = rows.filter((row) => row.lang === 'en').map((row) => row.text);
  const dutchTexts = rows.filter((row) => row.lang === 'nl').map((row) => row.text);
  const oursAll = await speedOf(texts, (text) => omnipulse.analyze(text));
  const oursCold = await coldSpeedOf(texts);
  const oursEnglish = await speedOf(englishTexts, (text) => omnipulse.analyze(text));
  const oursDutch = await speedOf(dutchTexts, (text) => omnipulse.analyze(text));
  const afinnEnglish = await speedOf(englishTexts, (text) => afinn.analyze(text));
  const nlpjsDutch = await asyncSpeedOf(dutchTexts, (text) => nlpjs.process({ locale: 'nl', text }));
  console.log(`  omnipulse, all messages:                 ${rate(oursAll)}`);
  console.log(`  omnipulse, all, empty memo every pass:   ${rate(oursCold)}`);
  console.log(`  omnipulse, English:                      ${rate(oursEnglish)}`);
  console.log(`  omnipulse, Dutch:                        ${rate(oursDutch)}`);
  console.log(`  baseline AFINN-165 (sentiment), English: ${rate(afinnEnglish)}  ratio ${(oursEnglish / afinnEnglish).toFixed(2)}`);
  console.log(`  baseline @nlpjs/sentiment, Dutch:        ${rate(nlpjsDutch)}  ratio ${(oursDutch / nlpjsDutch).toFixed(2)} (async API, awaited per message)`);

  const scenarioFolder =
    process.env.OMNIPULSE_SCENARIOS ?? fileURLToPath(new URL('../../shared/scenarios', import.meta.url));
  if (existsSync(scenarioFolder)) {
    const scenarios = checkScenarios(scenarioFolder);
    console.log(`\nScenario sanity check (${scenarioFolder})`);
    console.log(`  labelled conversations with the right direction: ${scenarios.right}/${scenarios.total}`);
    for (const [label, tally] of Object.entries(scenarios.byLabel)) {
      console.log(`    ${label}: ${tally.right}/${tally.total}`);
    }
  }

  console.log('\n| language | part | messages | omnipulse | baseline |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const line of summary) console.log(line);
  const targetsMet =
    LANGUAGES.every((lang) => {
      const validation = rows.filter((row) => row.lang === lang && row.split === 'validation');
      const right = validation.filter((row) => omnipulseDirection(row.text) === row.direction).length;
      return right / validation.length >= 0.9;
    }) && oursAll >= 50_000;
  console.log(`\ntargets (≥ 90 % per language on validation, ≥ 50,000 msg/s): ${targetsMet ? 'met' : 'NOT met'}`);
}

await main();
