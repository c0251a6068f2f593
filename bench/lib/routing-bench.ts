/**
 * How long the routing policy takes to decide, on varied inputs without a
 * local draft (modes, overrides, privacy, fit, spend, providers and
 * questions of every shape drawn from a seed), each call timed alone after
 * a warm-up; and, apart, how long the cheap signals take to read a question
 * from a one-liner to a pasted page. The target: decideRoute p99 ≤ 1 ms.
 */
import { parseEther } from 'viem';
import { decideRoute } from '../../src/router/policy/decide-route.ts';
import { cheapSignals, type DifficultySignals } from '../../src/router/policy/difficulty.ts';
import { defaultRouteThresholds } from '../../src/router/policy/personal-thresholds.ts';
import type { RouteDecision, RouteInput } from '../../src/router/policy/route-types.ts';
import { seededRandom } from '../../tests/helpers/seeded-random.ts';
import { latencySummary, type LatencySummary } from './stats.ts';

export interface RoutingBenchResult {
  inputs: number;
  decide: LatencySummary;
  /** cheapSignals over the questions the inputs were drawn from, each read `inputs / questions` times. */
  signals: LatencySummary;
  /** How the inputs were routed, so a run that sends everything one way shows. */
  targets: Record<RouteDecision['target'], number>;
  target: { decideP99Ms: number; met: boolean };
}

const decideP99TargetMs = 1;
const warmupCalls = 10_000;

const questions = [
  'What is the capital of France?',
  'Why does this fail?\n```ts\nconst total = items.reduce((sum, item) => sum + item.price);\n```\nFirst explain, then fix it.',
  'Solve the equation 3x + 2 = 11.\n1. Isolate x\n2. Check the result',
  `Summarise this for me: ${'The committee met again to discuss the garden and its budget. '.repeat(130)}`,
  'Write a haiku about rain.',
  'Compare these two contracts and list every clause that differs, then say which one favours the tenant.',
];

function randomInput(random: () => number, signals: readonly DifficultySignals[]): RouteInput {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const window = pick([null, 2_048, 4_096, 8_192, 32_768]);
  return {
    prompt: { promptTokens: Math.floor(random() * 6_000), contextTokens: Math.floor(random() * 12_000) },
    localModel: { loaded: random() < 0.8, contextWindow: window },
    signals: pick(signals),
    mode: pick(['local-only', 'automatic', 'automatic', 'prefer-provider'] as const),
    overrides: { conversation: pick([null, null, 'local', 'provider'] as const), message: pick([null, null, null, 'local', 'provider'] as const) },
    spend: {
      worstCaseWei: parseEther(pick(['0.01', '0.2', '0.7', '3'])),
      left: pick([null, { wei: parseEther('0.5'), limit: 'reply' as const }, { wei: parseEther('2'), limit: 'day' as const }]),
      confirmAboveWei: pick([null, parseEther('0.1'), parseEther('1')]),
    },
    privacy: pick(['private', 'normal', 'normal', 'normal'] as const),
    providers: { available: pick([0, 1, 4, 12]), recentFailures: pick([0, 0, 1, 3, 9]), payable: pick([true, true, false]) },
    thresholds: { difficulty: defaultRouteThresholds.difficulty + (random() - 0.5) * 0.4, confidence: defaultRouteThresholds.confidence },
  };
}

/** Times `run` on each item, one call at a time. */
function timeEach<T>(items: readonly T[], run: (item: T) => void): number[] {
  const times = new Array<number>(items.length);
  for (let index = 0; index < items.length; index++) {
    const started = performance.now();
    run(items[index]!);
    times[index] = performance.now() - started;
  }
  return times;
}

export async function measureRouting(options: { inputs?: number; seed?: number } = {}): Promise<RoutingBenchResult> {
  const { inputs: count = 100_000, seed = 13 } = options;
  const random = seededRandom(seed);
  const signals = questions.map((text, index) => cheapSignals(text, index % 3));
  const inputs = Array.from({ length: count }, () => randomInput(random, signals));

  const targets: Record<RouteDecision['target'], number> = { local: 0, provider: 0, none: 0 };
  for (let index = 0; index < warmupCalls; index++) decideRoute(inputs[index % inputs.length]!);
  const decide = latencySummary(timeEach(inputs, (input) => {
    targets[decideRoute(input).target]++;
  }));

  const texts = Array.from({ length: count }, (_, index) => questions[index % questions.length]!);
  for (let index = 0; index < warmupCalls; index++) cheapSignals(texts[index % texts.length]!, 0);
  const signalTimes = latencySummary(timeEach(texts, (text) => cheapSignals(text, 0)));

  return { inputs: count, decide, signals: signalTimes, targets, target: { decideP99Ms: decideP99TargetMs, met: decide.p99Ms <= decideP99TargetMs } };
}
