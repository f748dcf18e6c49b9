import type { trpc } from "../../trpc-client";

export type Overview = Awaited<ReturnType<typeof trpc.costMap.overview.query>>;
export type Preview = Awaited<ReturnType<typeof trpc.costMap.preview.mutate>>;
export type Version = Overview["versions"][number];
