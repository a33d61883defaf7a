/**
 * One measured figure. `npm run bench` prints a budgeted one as `name: value unit (budget B) ok|OVER`
 * and a reference one (measured for comparison, held to nothing) as `name: value unit (reference)`.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The limit the value is held to, or `reference` for a figure printed for comparison only. */
  budget: number | 'reference';
  /** `max` (default): the value must not exceed the budget; `min`: it must reach it (throughput). */
  kind?: 'max' | 'min';
  /** Decimals printed for a value that is not a whole number (default 2); e.g. 3 for a layout shift. */
  decimals?: number;
}

/** A benchmark module in bench/figures exports `measure`, which returns its figures. */
export type Measure = () => Promise<Figure[]>;

/** The line printed for `figure`, and whether it is over its budget (a reference figure never is). */
export function formatFigure(figure: Figure): { line: string; over: boolean } {
  const number = Number.isInteger(figure.value)
    ? String(figure.value)
    : figure.value.toFixed(figure.decimals ?? 2);
  // A unitless figure (a layout shift) prints its number alone.
  const value = figure.unit ? `${number} ${figure.unit}` : number;
  if (figure.budget === 'reference') return { line: `${figure.name}: ${value} (reference)`, over: false };
  // NaN (a measure that produced nothing) is over any budget rather than silently within it.
  const within = figure.kind === 'min' ? figure.value >= figure.budget : figure.value <= figure.budget;
  return {
    line: `${figure.name}: ${value} (budget ${figure.budget}) ${within ? 'ok' : 'OVER'}`,
    over: !within,
  };
}
