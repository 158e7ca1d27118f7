// Durations for people, shared by the views that time things.

import { t } from '../i18n.js';
import { fmt } from './chart-tools.js';

/** A duration for people: 2.3 ms, 4.1 s, 3 min 20 s, 42.6 h, 12.5 days. */
export function duration(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${fmt(ms * 1000, 0)} µs`;
  if (ms < 1000) return `${fmt(ms, ms < 10 ? 2 : 1)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${fmt(s, 1)} s`;
  if (s < 7200) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  if (s < 3 * 86400) return `${fmt(s / 3600, 1)} h`;
  return `${fmt(s / 86400, 1)} ${t('gc.days')}`;
}
