import http from 'node:http';
import type { Row } from './measure';
import { ms, p95, sampleP95, withBenchServer } from './server';

const SSE_TICK_MS = 500;

/**
 * The dashboard at scale: 10,000 runs and 1,000,000 pairs in one corpus, server render p95 of
 * the dashboard and of a run page (floor: the sign-in page, rendered by the same server), and
 * the lag from a committed change of a run to its Server-Sent Event (floor: the stream's tick).
 */
export function benchDashboard(): Promise<Row[]> {
  return withBenchServer(3193, async ({ base, sql, auth }) => {
    const { cookie } = auth;
    const [corpus] = await sql<{ id: string; workspace_id: string }[]>`select id, workspace_id from public.corpora limit 1`;
    const [chunk] = await sql<{ id: string }[]>`select id from public.chunks where corpus_id = ${corpus!.id} limit 1`;
    // 10,000 runs of one chunk and 100 pairs each: 9,999 completed and the newest generated.
    await sql`
      insert into public.runs (workspace_id, corpus_id, status, total_chunks, processed_chunks, pair_count, created_at, started_at, finished_at, config)
      select ${corpus!.workspace_id}, ${corpus!.id}, case when g = 10000 then 'generated' else 'completed' end, 1, 1, 100,
             now() - make_interval(mins => 10000 - g), now() - make_interval(mins => 10000 - g), now() - make_interval(mins => 10000 - g) + interval '30 seconds',
             '{"generator":"offline","questions_per_chunk":3,"concurrency":8}'
      from generate_series(1, 10000) g`;
    await sql`
      insert into public.run_chunks (run_id, chunk_id, workspace_id, state, attempts)
      select id, ${chunk!.id}, workspace_id, 'done', 1 from public.runs where corpus_id = ${corpus!.id}`;
    await sql`
      insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
      select r.id, ${chunk!.id}, r.workspace_id, o, 'What does question ' || o || ' of this chunk ask?'
      from public.runs r cross join generate_series(0, 99) o where r.corpus_id = ${corpus!.id}`;
    await sql`analyze`;
    const [big] = await sql<{ id: string }[]>`select id from public.runs where corpus_id = ${corpus!.id} and status = 'generated'`;

    const dashboard = await sampleP95(`${base}/?corpus=${corpus!.id}`, auth);
    const runPage = await sampleP95(`${base}/runs/${big!.id}`, auth);
    const floor = await sampleP95(`${base}/login`, {}); // signed out: the sign-in form

    // SSE lag: commit a change to the run, time until its event arrives — on the run page's
    // stream, and on the dashboard's feed of the whole 10,000-run corpus.
    const measureLag = (url: string) => {
      const lags: number[] = [];
      return new Promise<number[]>((resolve, reject) => {
        const req = http.get(url, { headers: { cookie } }, (res) => {
          let buffer = '';
          let committedAt = 0;
          let round = 0;
          const next = async () => {
            await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
            await sql`update public.runs set updated_at = now() where id = ${big!.id}`;
            committedAt = performance.now();
          };
          void next().catch(reject);
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const event = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              if (!event.startsWith('event: run') || !committedAt) continue;
              lags.push(performance.now() - committedAt);
              committedAt = 0;
              if (++round >= 20) {
                req.destroy();
                return resolve(lags);
              }
              void next().catch(reject);
            }
          });
        });
        req.on('error', (error) => (lags.length >= 20 ? resolve(lags) : reject(error)));
      });
    };
    const runLags = await measureLag(`${base}/api/runs/${big!.id}/events`);
    const feedLags = await measureLag(`${base}/api/corpora/${corpus!.id}/events`);
    return [
      { budget: 'Dashboard server render p95, 10,000 runs / 1,000,000 pairs (< 200 ms)', measured: ms(dashboard), floor: `${ms(floor)} (sign-in page p95)`, ratio: `${(dashboard / floor).toFixed(1)}×`, note: `${dashboard < 200 ? 'met' : 'missed'}; 40 requests after 5 warm-up` },
      { budget: 'Run page server render p95 (< 200 ms)', measured: ms(runPage), floor: `${ms(floor)} (sign-in page p95)`, ratio: `${(runPage / floor).toFixed(1)}×`, note: `${runPage < 200 ? 'met' : 'missed'}; run with its pairs among 1M` },
      { budget: 'SSE lag, commit → event, run page stream (< 1 s)', measured: `p95 ${ms(p95(runLags))}`, floor: `${SSE_TICK_MS} ms (the stream's polling tick)`, ratio: `${(p95(runLags) / SSE_TICK_MS).toFixed(2)}× tick`, note: `${p95(runLags) < 1000 ? 'met' : 'missed'}; 20 commits` },
      { budget: 'SSE lag, commit → event, dashboard feed of a 10,000-run corpus (< 1 s)', measured: `p95 ${ms(p95(feedLags))}`, floor: `${SSE_TICK_MS} ms (the stream's polling tick)`, ratio: `${(p95(feedLags) / SSE_TICK_MS).toFixed(2)}× tick`, note: `${p95(feedLags) < 1000 ? 'met' : 'missed'}; 20 commits` },
    ];
  });
}
