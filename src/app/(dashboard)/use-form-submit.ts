"use client";

import { useState, type FormEvent } from "react";

/** What a form read: its value, or why it is not one yet (shown to the user). */
export type FormReading<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * An uncontrolled form's submit: read and check the fields, then send; busy meanwhile, the
 * problem shown when either fails, the form cleared once sending worked.
 */
export function useFormSubmit<T>(read: (data: FormData) => FormReading<T>, send: (value: T) => Promise<void>) {
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const reading = read(new FormData(element));
    if (!reading.ok) return setProblem(reading.problem);
    setBusy(true);
    setProblem(undefined);
    try {
      await send(reading.value);
      element.reset();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return { submit, problem, busy };
}
