/** Formatting shared by the dashboard and the run page (client and server). */
export { formatNumber } from '@/lib/words';

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
/** Dates render in UTC on server and client alike, so hydration matches; the title carries the ISO time. */
export const formatDate = (value: Date | string) => `${dateFormat.format(new Date(value))} UTC`;

const timeFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'UTC' });
/** To the second, for event timelines where several things happen in one minute. */
export const formatTime = (value: Date | string) => `${timeFormat.format(new Date(value))} UTC`;

export function formatAgo(value: Date | string, now = Date.now()): string {
  return `${formatDuration(now - new Date(value).getTime())} ago`;
}
