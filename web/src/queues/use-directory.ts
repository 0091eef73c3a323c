/**
 * The caller's queues with their members (`GET /queues`), loaded once per console and again
 * after an admin changed a queue; every tab and the filter bar read it from this context.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { api, type QueueConfig } from '../api.ts';

export interface Directory {
  queues: QueueConfig[];
  /** False until the first list arrived. */
  isLoaded: boolean;
  reload(): void;
}

export const DirectoryContext = createContext<Directory>({ queues: [], isLoaded: false, reload: () => undefined });

export function useDirectory(): Directory {
  return useContext(DirectoryContext);
}

/** The directory's state, for the console that provides it. */
export function useDirectoryLoader(): Directory {
  const [queues, setQueues] = useState<QueueConfig[] | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let isCurrent = true;
    // Without the list the pickers offer "all" only; the tabs still work.
    api.queues().then(
      (listed) => isCurrent && setQueues(listed),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [version]);
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  return { queues: queues ?? [], isLoaded: queues !== null, reload };
}
