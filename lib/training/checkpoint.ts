import type { Adapter } from './adapter';
import type { TrainerState } from './local-trainer';

/**
 * A trainer's state as bytes: a JSON header (every scalar, and where each array lies), then
 * the float32 arrays themselves. Exact: decoding what was encoded gives the same state, so a
 * training resumed from it takes the same steps.
 */
export function encodeState(state: TrainerState): Buffer {
  const arrays: Float32Array[] = [];
  const ref = (values: Float32Array) => arrays.push(values) - 1;
  const adapterRef = (adapter: Adapter) => ({ form: adapter.form, dim: adapter.dim, rank: adapter.rank, params: ref(adapter.params) });
  const header = {
    ...state,
    adapter: adapterRef(state.adapter),
    optimizer: { m: ref(state.optimizer.m), v: ref(state.optimizer.v), t: state.optimizer.t },
    best: state.best ? { ...state.best, adapter: adapterRef(state.best.adapter) } : null,
    finished: state.finished.map((f) => ({ ...f, adapter: adapterRef(f.adapter) })),
    lengths: [] as number[],
  };
  header.lengths = arrays.map((a) => a.length);
  const json = Buffer.from(JSON.stringify(header));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length, 0);
  return Buffer.concat([size, json, ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))]);
}

export function decodeState(bytes: Uint8Array): TrainerState {
  const buffer = Buffer.from(bytes);
  const length = buffer.readUInt32LE(0);
  const header = JSON.parse(buffer.subarray(4, 4 + length).toString());
  const arrays: Float32Array[] = [];
  let offset = 4 + length;
  for (const n of header.lengths as number[]) {
    const copy = new Uint8Array(n * 4);
    copy.set(buffer.subarray(offset, offset + n * 4));
    arrays.push(new Float32Array(copy.buffer));
    offset += n * 4;
  }
  const adapterOf = (a: { form: Adapter['form']; dim: number; rank: number; params: number }): Adapter => ({ form: a.form, dim: a.dim, rank: a.rank, params: arrays[a.params]! });
  const { lengths: _lengths, ...rest } = header;
  return {
    ...rest,
    adapter: adapterOf(header.adapter),
    optimizer: { m: arrays[header.optimizer.m]!, v: arrays[header.optimizer.v]!, t: header.optimizer.t },
    best: header.best ? { ...header.best, adapter: adapterOf(header.best.adapter) } : null,
    finished: header.finished.map((f: TrainerState['finished'][number] & { adapter: never }) => ({ ...f, adapter: adapterOf(f.adapter) })),
  } as TrainerState;
}
