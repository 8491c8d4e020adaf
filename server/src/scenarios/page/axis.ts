/** Round axis steps for the provider page's chart: 1, 2 or 5 times a power of ten. */

/** The step for about `ticks` divisions up to `max` (max > 0): £100, £200, £500, £1,000… */
export function niceStep(max: number, ticks = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** The axis from 0 to the first step at or above max, and its ticks. */
export function niceAxis(max: number, ticks = 4): { max: number; step: number; ticks: number[] } {
  const step = niceStep(max, ticks);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const out: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) out.push(Math.round(v * 100) / 100);
  return { max: top, step, ticks: out };
}
