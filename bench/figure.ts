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
}

/** A benchmark module in bench/figures exports `measure`, which returns its figures. */
export type Measure = () => Promise<Figure[]>;

/** The line printed for `figure`, and whether it is over its budget (a reference figure never is). */
export function formatFigure(figure: Figure): { line: string; over: boolean } {
  const value = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(2);
  if (figure.budget === 'reference')
    return { line: `${figure.name}: ${value} ${figure.unit} (reference)`, over: false };
  // NaN (a measure that produced nothing) is over any budget rather than silently within it.
  const within = figure.kind === 'min' ? figure.value >= figure.budget : figure.value <= figure.budget;
  return {
    line: `${figure.name}: ${value} ${figure.unit} (budget ${figure.budget}) ${within ? 'ok' : 'OVER'}`,
    over: !within,
  };
}
