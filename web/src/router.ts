/** A small hash router: the pages are few, and #/… keeps every page under /app on one origin with no server routes. */
import { computed, ref } from 'vue';

const hash = ref(window.location.hash.slice(1) || '/');
window.addEventListener('hashchange', () => {
  hash.value = window.location.hash.slice(1) || '/';
});

export interface Route {
  name: 'home' | 'board' | 'inbox' | 'unit' | 'milestones' | 'ledger' | 'charts' | 'reports' | 'tree' | 'import' | 'notfound';
  params: Record<string, string>;
}

const PATTERNS: Array<[Route['name'], RegExp, string[]]> = [
  ['home', /^\/$/, []],
  ['import', /^\/units\/import$/, []],
  ['inbox', /^\/inbox$/, []],
  ['board', /^\/campaigns(?:\/([^/]+))?$/, ['campaignId']],
  ['unit', /^\/campaigns\/([^/]+)\/units\/([^/]+)$/, ['campaignId', 'unitId']],
  ['milestones', /^\/campaigns\/([^/]+)\/milestones$/, ['campaignId']],
  ['ledger', /^\/campaigns\/([^/]+)\/ledger$/, ['campaignId']],
  ['charts', /^\/campaigns\/([^/]+)\/charts$/, ['campaignId']],
  ['reports', /^\/campaigns\/([^/]+)\/reports$/, ['campaignId']],
  ['tree', /^\/campaigns\/([^/]+)\/tree$/, ['campaignId']],
];

export const route = computed<Route>(() => {
  const path = hash.value.split('?')[0];
  for (const [name, pattern, keys] of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return { name, params: Object.fromEntries(keys.map((key, i) => [key, decodeURIComponent(match[i + 1] ?? '')])) };
  }
  return { name: 'notfound', params: {} };
});

export function go(path: string) {
  window.location.hash = path;
}

/** The href of a page. */
export const href = (...parts: string[]) => `#/${parts.map(encodeURIComponent).join('/')}`;
