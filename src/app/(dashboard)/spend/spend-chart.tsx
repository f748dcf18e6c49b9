"use client";

import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { money } from "./format";
import styles from "./spend.module.css";
import { tooltipMoney, type StackedData } from "./stack-series";

/** Distinguishable in light and dark mode, and for the common colour-vision deficiencies (Okabe-Ito). */
const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];

/** A stacked bar per UTC day, in a region named by its heading; the tables below carry the same numbers. */
export function SpendChart({ title, data }: { title: string; data: StackedData }) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <div className={styles.chart}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data.rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
            <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} tick={{ fill: "var(--muted)", fontSize: 12 }} minTickGap={12} />
            <YAxis tickFormatter={(value: number) => money(value)} tick={{ fill: "var(--muted)", fontSize: 12 }} width={76} />
            <Tooltip formatter={tooltipMoney} labelFormatter={(day) => `${day} (UTC)`} contentStyle={{ background: "var(--card)", borderColor: "var(--border)", color: "var(--fg)" }} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            {data.series.map((series, index) => (
              <Bar key={series.dataKey} dataKey={series.dataKey} name={series.label} stackId="spend" fill={palette[index % palette.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
