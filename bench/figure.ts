/** One measured figure and its budget; `npm run bench` prints each as `name: value unit (budget B) ok|OVER`. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  budget: number;
  /** `max` (default): the value must not exceed the budget; `min`: it must reach it (throughput). */
  kind?: 'max' | 'min';
}

/** A benchmark module in bench/figures exports `measure`, which returns its figures. */
export type Measure = () => Promise<Figure[]>;
