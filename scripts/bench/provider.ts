import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { FakeOpenAIBehaviour } from '../../tests/support/fake-openai';

export type ProviderProcess = {
  url: string;
  setBehaviour(behaviour: FakeOpenAIBehaviour): Promise<void>;
  /** Requests answered so far, by HTTP status. */
  stats(): Promise<{ requests: number; statuses: Record<string, number> }>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The fake OpenAI-compatible provider in a process of its own, as a real provider is: its
 * timers and JSON never compete with the engine's event loop, so what the benchmarks
 * measure is the engine.
 */
export async function startProviderProcess(): Promise<ProviderProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/e2e/support/fake-provider.ts'], {
    env: { ...process.env, FAKE_PROVIDER_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the fake provider exited with ${code}`)));
  });
  const base = url.replace(/\/v1$/, '');
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`fake provider ${method} ${path}: ${response.status}`);
    return response.json();
  };
  return {
    url,
    setBehaviour: async (behaviour) => void (await call('PUT', '/__behaviour', behaviour)),
    stats: () => call('GET', '/__stats'),
    clearRequests: async () => void (await call('DELETE', '/__requests')),
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
