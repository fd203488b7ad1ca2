/** The time a server render is computed at: durations and "ago" labels are relative to it. */
export const renderTime = (): number => Date.now();
