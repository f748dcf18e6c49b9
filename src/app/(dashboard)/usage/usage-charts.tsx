"use client";

import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { count, money } from "../spend/format";
import styles from "../spend/spend.module.css";
import type { UsageReport } from "./usage-view";

/** Okabe-Ito: distinguishable in light and dark mode and for the common colour-vision deficiencies (as the Spend page). */
const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 3 });
const tooltipStyle = { background: "var(--card)", borderColor: "var(--border)", color: "var(--fg)" };

/** Tokens per day, stacked by kind so the stack is the day's total: cached and cache-written input are parts of input, reasoning a part of output. */
export function TokensChart({ days, timeZone }: { days: UsageReport["days"]; timeZone: string }) {
  const headingId = useId();
  const rows = days.map((day) => ({
    day: day.day,
    input: Math.max(0, day.inputTokens - day.cachedTokens - day.cacheWriteTokens),
    cached: day.cachedTokens,
    cacheWrite: day.cacheWriteTokens,
    output: Math.max(0, day.outputTokens - day.reasoningTokens),
    reasoning: day.reasoningTokens,
  }));
  const kinds: Array<[keyof (typeof rows)[number], string]> = [
    ["input", "Input (uncached)"],
    ["cached", "Cached input"],
    ["cacheWrite", "Cache writes"],
    ["output", "Output"],
    ["reasoning", "Reasoning"],
  ];
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Tokens per day by kind</h2>
      <div className={styles.chart}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
            <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} tick={{ fill: "var(--muted)", fontSize: 12 }} minTickGap={12} />
            <YAxis tickFormatter={(value: number) => compact.format(value)} tick={{ fill: "var(--muted)", fontSize: 12 }} width={56} />
            <Tooltip formatter={(value) => count(Number(value))} labelFormatter={(day) => `${day} (${timeZone})`} contentStyle={tooltipStyle} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            {kinds.map(([kind, label], index) => (
              <Bar key={kind} dataKey={kind} name={label} stackId="tokens" fill={palette[index]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

/** Spend per day for the biggest series of the chosen dimension (the table below lists them all). */
export function SeriesChart({ days, series, by, timeZone }: { days: UsageReport["days"]; series: UsageReport["chartSeries"]; by: string; timeZone: string }) {
  const headingId = useId();
  const rows = days.map((day) => Object.fromEntries([["day", day.day], ...series.map((entry, index) => [`s${index}`, day.series[entry.value]?.spend ?? 0])]));
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Spend per day by {by}</h2>
      <div className={styles.chart}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
            <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} tick={{ fill: "var(--muted)", fontSize: 12 }} minTickGap={12} />
            <YAxis tickFormatter={(value: number) => money(value)} tick={{ fill: "var(--muted)", fontSize: 12 }} width={72} />
            <Tooltip formatter={(value) => money(Number(value))} labelFormatter={(day) => `${day} (${timeZone})`} contentStyle={tooltipStyle} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            {series.map((entry, index) => (
              <Bar
                key={entry.value}
                dataKey={`s${index}`}
                name={entry.label === "" ? "(none)" : entry.label}
                stackId="spend"
                fill={palette[index % palette.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
