import { describe, expect, it } from 'vitest';
import { assertEmbedderUsable, openaiEmbedderUnavailable } from '@/lib/training/select';
import { trainingOptionsSchema } from '@/lib/training/options';
import { trainerUnavailable } from '@/lib/training/remote/availability';

/** With no embeddings endpoint configured (this process has none), the OpenAI-compatible embedder is refused with the reason. */
describe('embedding configuration', () => {
  it('says what to set, and refuses the option on its field', () => {
    expect(openaiEmbedderUnavailable()).toMatch(/RECALL_EMBEDDING_MODEL/);
    expect(() => assertEmbedderUsable(trainingOptionsSchema.parse({ embedder: 'openai' }))).toThrow(expect.objectContaining({ code: 'validation_failed', details: { fieldErrors: { embedder: [expect.stringMatching(/RECALL_EMBEDDING_MODEL/)] } } }));
    expect(() => assertEmbedderUsable(trainingOptionsSchema.parse({}))).not.toThrow();
  });

  it('says an external trainer is not configured, and that the local one always is', async () => {
    expect(await trainerUnavailable({ trainer: 'remote', embedder: 'builtin' })).toMatch(/RECALL_TRAINER_URL/);
    expect(await trainerUnavailable({ trainer: 'local', embedder: 'builtin' })).toBeNull();
  });
});
