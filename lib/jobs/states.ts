/** A job's states, in the order they happen. */
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export function jobState(value: string): JobState {
  return (JOB_STATES as readonly string[]).includes(value) ? (value as JobState) : 'failed';
}

export const isActive = (state: string) => state === 'queued' || state === 'running';
