"use client";

import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { useMemo } from "react";
import { count, money } from "../spend/format";
import styles from "../logs/logs.module.css";
import type { UsageReport } from "./usage-view";

type Row = UsageReport["rows"][number];
const features = tableFeatures({});
const column = createColumnHelper<typeof features, Row>();
const numeric = { numeric: true };

/** Totals over the range per value of the dimension, biggest spend first (the server sends the top 100; the CSV has all). */
export function UsageTable({ rows, by, more }: { rows: Row[]; by: string; more: boolean }) {
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("label", { header: by[0].toUpperCase() + by.slice(1) }),
        column.accessor("requests", { header: "Requests", cell: (info) => count(info.getValue()), meta: numeric }),
        column.accessor("failures", { header: "Failures", cell: (info) => count(info.getValue()), meta: numeric }),
        column.accessor("spend", { header: "Spend", cell: (info) => money(info.getValue()), meta: numeric }),
        column.accessor("inputTokens", { header: "Input", cell: (info) => count(info.getValue()), meta: numeric }),
        column.accessor("cachedTokens", { header: "Cached", cell: (info) => count(info.getValue()), meta: numeric }),
        column.accessor("cacheWriteTokens", { header: "Cache writes", cell: (info) => count(info.getValue()), meta: numeric }),
        column.accessor("outputTokens", { header: "Output", cell: (info) => count(info.getValue()), meta: numeric }),
        column.accessor("reasoningTokens", { header: "Reasoning", cell: (info) => count(info.getValue()), meta: numeric }),
      ]),
    [by],
  );
  const table = useTable({ features, columns, data: rows, getRowId: (row) => row.value });
  const isNumeric = (meta: unknown) => (meta as { numeric?: boolean } | undefined)?.numeric === true;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <caption>
          Usage by {by}
          {more ? " (the 100 biggest; the CSV has every one)" : ""}
        </caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={isNumeric(header.column.columnDef.meta) ? styles.number : undefined}>
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={isNumeric(cell.column.columnDef.meta) ? styles.number : undefined}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
