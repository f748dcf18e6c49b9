"use client";

import { useEffect, useState, type DependencyList } from "react";

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
}

/** Loads again whenever `deps` change; an answer that arrives after a newer request started is dropped. */
export function useLoaded<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  useEffect(() => {
    let current = true;
    setState({ loading: true });
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState({ error: error.message, loading: false }),
    );
    return () => {
      current = false;
    };
    // The caller names what `load` depends on (a new closure every render); lint checks the caller's list instead.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps is the caller's list, checked at each call
  }, deps);
  return state;
}
