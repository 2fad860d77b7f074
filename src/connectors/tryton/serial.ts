// Runs async tasks one after another. A connector pushes one batch at a time: Tryton has no unique key
// for employees and rate tasks, so two overlapping batches of one process could both create them
// (SQLite serializes Tryton's writes anyway, so little throughput is lost).
export function serial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
