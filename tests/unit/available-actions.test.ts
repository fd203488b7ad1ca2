import { describe, expect, it } from 'vitest';
import { availableActions, blocksCorpus, RUN_ACTIONS, type RunAction, type RunFacts } from '@/lib/runs/available-actions';
import { ERROR_STATUS } from '@/lib/errors';
import { RUN_STATUSES, type RunStatus } from '@/lib/runs/status';

const run = (status: RunStatus, extra: Partial<RunFacts> = {}): RunFacts => ({
  status,
  failed_chunks: 0,
  created_at: '2026-12-01T10:00:00.000Z',
  continued_at: null,
  child_run_id: null,
  ...extra,
});
const allowed = (facts: RunFacts, context = {}) =>
  Object.entries(availableActions(facts, context))
    .filter(([, verdict]) => verdict.allowed)
    .map(([action]) => action as RunAction);

describe('availableActions', () => {
  it('allows what each status allows, and nothing else', () => {
    const table: Record<RunStatus, RunAction[]> = {
      queued: ['force-start', 'review', 'cancel'],
      generating: ['refresh', 'review', 'cancel'],
      generated: ['review', 'bulk-review', 'train', 'continue', 'remove'],
      training: ['refresh', 'cancel'],
      completed: ['review', 'bulk-review', 'continue'],
      generating_failed: ['proceed', 'review', 'bulk-review', 'remove'],
      training_failed: ['proceed', 'review', 'bulk-review', 'remove'],
      cancelled: ['proceed', 'review', 'bulk-review', 'remove'],
    };
    for (const status of RUN_STATUSES) expect([status, allowed(run(status))]).toEqual([status, table[status]]);
  });

  it('follows the lineage: a continued run is not trained, retried or continued; a run with continuations is not removed', () => {
    const continued = run('generated', { failed_chunks: 2, continued_at: '2026-12-01T11:00:00.000Z', child_run_id: 'c' });
    const verdicts = availableActions(continued);
    expect(verdicts.train).toMatchObject({ allowed: false, code: 'already_continued' });
    expect(verdicts['retry-failed']).toMatchObject({ allowed: false, code: 'already_continued' });
    expect(verdicts.continue).toMatchObject({ allowed: false, code: 'already_continued' });
    expect(verdicts.remove).toMatchObject({ allowed: false, code: 'has_continuations' });
  });

  it('retries only failed chunks, and continues only over something new', () => {
    expect(availableActions(run('generated'))['retry-failed']).toMatchObject({ allowed: false, code: 'nothing_to_do' });
    expect(availableActions(run('generated', { failed_chunks: 1 }))['retry-failed']).toEqual({ allowed: true });
    const old = { newestChunkAt: '2026-12-01T09:00:00.000Z' };
    const fresh = { newestChunkAt: '2026-12-01T10:00:00.001Z' };
    expect(availableActions(run('completed'), old).continue).toMatchObject({ allowed: false, code: 'nothing_to_do', disabled: true });
    expect(availableActions(run('completed'), { newestChunkAt: null }).continue).toMatchObject({ allowed: false });
    expect(availableActions(run('completed'), fresh).continue).toEqual({ allowed: true });
    expect(availableActions(run('completed', { failed_chunks: 3 }), old).continue).toEqual({ allowed: true });
    // Unknown context: the server's snapshot decides.
    expect(availableActions(run('completed')).continue).toEqual({ allowed: true });
  });

  it('says why, naming the status as the dashboard does, with a code that has a status', () => {
    const verdict = availableActions(run('generating_failed')).cancel;
    expect(verdict).toEqual({ allowed: false, code: 'invalid_state', reason: 'Cannot cancel a run that is “Generation failed”.' });
    for (const status of RUN_STATUSES) {
      for (const action of RUN_ACTIONS) {
        const v = availableActions(run(status, { failed_chunks: 1 }))[action];
        if (!v.allowed) expect(ERROR_STATUS[v.code]).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it('blocks the corpus while a lineage head is unfinished', () => {
    expect(RUN_STATUSES.filter((status) => blocksCorpus(run(status)))).toEqual(RUN_STATUSES.filter((s) => s !== 'completed'));
    expect(blocksCorpus(run('generated', { continued_at: '2026-12-01T11:00:00.000Z' }))).toBe(false);
  });
});
