"use client";

import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { useMemo } from "react";
import type { trpc } from "../../trpc-client";
import { count, money } from "../spend/format";
import styles from "./logs.module.css";

export type LogRow = Awaited<ReturnType<typeof trpc.logs.list.query>>["rows"][number];

const features = tableFeatures({});
const column = createColumnHelper<typeof features, LogRow>();
const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium" });

/** One page of requests (the server pages; the table only lays out what it was given). */
export function LogsTable({ rows, selected, onSelect, showTeam }: { rows: LogRow[]; selected?: string; onSelect: (requestId: string) => void; showTeam: boolean }) {
  const columns = useMemo(
    () =>
      column
        .columns([
          column.accessor("startTime", { header: "Time", cell: (info) => time.format(info.getValue()) }),
          column.accessor("requestId", {
            header: "Request",
            cell: (info) => (
              <button type="button" className={styles.rowButton} onClick={() => onSelect(info.getValue())} aria-label={`Details of ${info.getValue()}`}>
                {info.getValue().slice(0, 14)}
              </button>
            ),
          }),
          column.accessor((row) => row.teamId ?? "-", { id: "team", header: "Team" }),
          column.accessor((row) => row.keyAlias ?? row.keyPreview ?? (row.keyId ? "unknown key" : "master key"), { id: "key", header: "Key" }),
          column.accessor((row) => row.modelGroup ?? row.model, { id: "model", header: "Model" }),
          column.accessor("status", {
            header: "Status",
            cell: (info) => <span className={info.getValue() === "failure" ? styles.failure : undefined}>{`${info.row.original.statusCode ?? ""} ${info.getValue()}`.trim()}</span>,
          }),
          column.accessor("durationMs", { header: "Duration", cell: (info) => `${count(info.getValue())} ms`, meta: { numeric: true } }),
          column.accessor((row) => row.inputTokens + row.outputTokens, { id: "tokens", header: "Tokens", cell: (info) => count(info.getValue()), meta: { numeric: true } }),
          column.accessor("spend", { header: "Cost", cell: (info) => (info.row.original.unpriced ? "unpriced" : money(info.getValue())), meta: { numeric: true } }),
        ])
        .filter((definition) => showTeam || definition.id !== "team"),
    [onSelect, showTeam],
  );
  const table = useTable({ features, columns, data: rows, getRowId: (row) => row.requestId });
  const numeric = (meta: unknown) => (meta as { numeric?: boolean } | undefined)?.numeric === true;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <caption className="muted">Requests, newest first</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={numeric(header.column.columnDef.meta) ? styles.number : undefined}>
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className={row.id === selected ? styles.selected : undefined} aria-selected={row.id === selected}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={numeric(cell.column.columnDef.meta) ? styles.number : undefined}>
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
