/**
 * The playground's worker protocol (playground/src/evaluator.ts) with a fake Worker and fake
 * timers: only the newest edit's answer is shown, an old evaluation is cancelled (the worker
 * terminated and restarted) when a newer edit comes once it has run a while, and one that runs
 * past the time limit is stopped with an error.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Evaluator } from '../playground/src/evaluator.js';
import type { Request, Response } from '../playground/src/protocol.js';

class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((e: { data: Response }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  received: Request[] = [];
  terminated = false;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(m: Request): void {
    this.received.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The worker answers its evaluation of `generation`. */
  answer(generation: number): void {
    this.onmessage?.({
      data: { type: 'result', generation, mode: 'cue', outputs: { json: `${generation}`, yaml: null, cue: null }, errors: [], errorText: '', notices: [], ms: 1 },
    });
  }
}

describe('playground evaluator', () => {
  let shown: Response[];
  let ev: Evaluator;
  const files = (text: string) => [{ name: 'main.cue', text }];
  const generations = (w: FakeWorker) => w.received.map((r) => (r.type === 'evaluate' ? r.generation : -1));

  beforeEach(() => {
    vi.useFakeTimers();
    FakeWorker.all = [];
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('URL', { createObjectURL: () => 'blob:null/x' });
    shown = [];
    ev = new Evaluator({ url: 'blob:null/x', onResponse: (r) => shown.push(r), cancelAfter: 250, timeLimit: 10_000 });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('a quick evaluation is left to finish; the edit after it waits, and only its answer shows', () => {
    const w = FakeWorker.all[0]!;
    ev.evaluate('cue', files('a: 1'));
    ev.evaluate('cue', files('a: 2'));
    ev.evaluate('cue', files('a: 3'));
    expect(generations(w)).toEqual([1]);
    w.answer(1);
    // The answer to 1 is stale: not shown; 3 (the newest) is sent, 2 never is.
    expect(shown).toEqual([]);
    expect(generations(w)).toEqual([1, 3]);
    w.answer(3);
    expect(shown.map((r) => r.type === 'result' && r.outputs.json)).toEqual(['3']);
    expect(ev.restarts).toBe(0);
  });

  it('a newer edit cancels an evaluation that has run for a while: the worker is replaced', () => {
    const first = FakeWorker.all[0]!;
    ev.evaluate('cue', files('slow'));
    vi.advanceTimersByTime(100);
    ev.evaluate('cue', files('fast'));
    expect(first.terminated).toBe(false);
    vi.advanceTimersByTime(150);
    expect(first.terminated).toBe(true);
    const second = FakeWorker.all[1]!;
    expect(generations(second)).toEqual([2]);
    second.answer(2);
    expect(shown).toHaveLength(1);
    // And an edit after the cancel point goes at once.
    ev.evaluate('cue', files('slow again'));
    vi.advanceTimersByTime(300);
    ev.evaluate('cue', files('next'));
    expect(FakeWorker.all).toHaveLength(3);
    expect(generations(FakeWorker.all[2]!)).toEqual([4]);
  });

  it('an evaluation past the time limit is stopped and reported', () => {
    ev.evaluate('cue', files('forever'));
    vi.advanceTimersByTime(9_999);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    expect(FakeWorker.all).toHaveLength(2);
    expect(shown).toHaveLength(1);
    const r = shown[0]!;
    expect(r.type === 'result' && r.errors[0]!.message).toBe('evaluation stopped: it ran for more than 10 s');
  });
});
