/**
 * The training as it went: validation MRR@10 (what early stopping watched) and the loss, per
 * evaluation, with the no-adapter line for reference. A small inline SVG: no chart library
 * for two lines.
 */
export function TrainingCurve({ curve, identity }: { curve: { step: number; loss: number; validation: number }[]; identity: number }) {
  const width = 320;
  const height = 90;
  const steps = curve.map((p) => p.step);
  const maxStep = Math.max(...steps, 1);
  const values = [...curve.map((p) => p.validation), identity];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const losses = curve.map((p) => p.loss);
  const maxLoss = Math.max(...losses, 1e-9);
  const x = (step: number) => (step / maxStep) * (width - 8) + 4;
  const y = (value: number) => height - 6 - ((value - low) / Math.max(high - low, 1e-9)) * (height - 12);
  const yLoss = (value: number) => height - 6 - (value / maxLoss) * (height - 12);
  const line = (points: [number, number][]) => points.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  return (
    <figure className="grid gap-1">
      <svg viewBox={`0 0 ${width} ${height}`} className="h-24 w-full max-w-md" role="img" aria-label="Validation MRR@10 and training loss per evaluation">
        <line x1={4} x2={width - 4} y1={y(identity)} y2={y(identity)} className="stroke-muted-foreground/50" strokeDasharray="3 3" />
        <path d={line(curve.map((p) => [x(p.step), yLoss(p.loss)]))} className="fill-none stroke-amber-500" strokeWidth={1.5} />
        <path d={line(curve.map((p) => [x(p.step), y(p.validation)]))} className="fill-none stroke-sky-600 dark:stroke-sky-400" strokeWidth={2} />
      </svg>
      <figcaption className="text-muted-foreground text-xs">
        <span className="text-sky-700 dark:text-sky-400">Validation MRR@10</span> ({low.toFixed(3)}–{high.toFixed(3)}), <span className="text-amber-600">loss</span>, and the dashed line: no adapter.
      </figcaption>
    </figure>
  );
}
