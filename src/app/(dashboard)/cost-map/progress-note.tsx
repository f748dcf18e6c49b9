import styles from "./cost-map.module.css";

/** What is running now, announced politely; the spinner is decoration. */
export function ProgressNote({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <p role="status" className={styles.progress}>
      <span className={styles.spinner} aria-hidden="true" />
      {text}
    </p>
  );
}

export function Problem({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}
