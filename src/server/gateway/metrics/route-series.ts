/**
 * Per-route request counters and histograms kept in plain numbers and arrays, rendered by the
 * prom-client registry through the same `get()` contract its own metrics have. prom-client's
 * label children still hash and validate their labels on every inc() and observe(): three times
 * per request, a few µs that the hot path does not need to pay.
 */

type Labels = Record<string, string | number>;

/** One exported sample, as prom-client's registry renders it. */
interface Sample {
  labels: Labels;
  sharedLabels?: Labels;
  value: number;
  metricName?: string;
}

/** What a prom-client Registry asks of a metric it renders (registerMetric). */
interface RenderedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "histogram";
  readonly aggregator: "sum";
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }>;
  reset(): void;
}

/** A counter by route and status code. */
export class RouteStatusCounter implements RenderedMetric {
  readonly type = "counter";
  readonly aggregator = "sum";
  private readonly series = new Map<string, Map<number, { value: number }>>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  /** The cell counting one route and status. */
  cell(route: string, status: number): { value: number } {
    let byStatus = this.series.get(route);
    if (!byStatus) this.series.set(route, (byStatus = new Map()));
    let cell = byStatus.get(status);
    if (!cell) byStatus.set(status, (cell = { value: 0 }));
    return cell;
  }

  async get() {
    const values: Sample[] = [];
    for (const [route, byStatus] of this.series) for (const [status, cell] of byStatus) values.push({ labels: { route, status }, value: cell.value });
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}

/** One route's histogram: a count per bucket (not cumulative), the sum and the count. */
export class HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const { bounds } = this;
    for (let index = 0; index < bounds.length; index++) {
      if (value <= bounds[index]) {
        this.counts[index]++;
        return;
      }
    }
  }
}

/** A histogram by route, rendered as prom-client renders its own (cumulative buckets, +Inf, sum, count). */
export class RouteHistogram implements RenderedMetric {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {}

  route(route: string): HistogramSeries {
    let series = this.series.get(route);
    if (!series) this.series.set(route, (series = new HistogramSeries(this.bounds)));
    return series;
  }

  async get() {
    const values: Sample[] = [];
    const bucket = `${this.name}_bucket`;
    for (const [route, series] of this.series) {
      const labels = { route };
      let cumulative = 0;
      this.bounds.forEach((le, index) => {
        cumulative += series.counts[index];
        values.push({ labels: { le }, sharedLabels: labels, value: cumulative, metricName: bucket });
      });
      values.push({ labels: { le: "+Inf" }, sharedLabels: labels, value: series.count, metricName: bucket });
      values.push({ labels: {}, sharedLabels: labels, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: labels, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}
