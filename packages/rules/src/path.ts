import { LIMITS } from './limits.js';

/**
 * Parses a predicate path: dot-separated keys and `[n]` indexes (`result.items[0].id`,
 * `result.items.0.id`). `''` and `'$'` are the document itself. Returns the segments, or a
 * message saying what is wrong.
 */
export function parsePath(path: string): string[] | string {
  if (path === '' || path === '$') return [];
  const segments: string[] = [];
  let i = path.startsWith('$.') || path.startsWith('$[') ? 1 : 0;
  let expectKey = i === 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '[') {
      const end = path.indexOf(']', i);
      const index = end < 0 ? '' : path.slice(i + 1, end);
      if (!/^(0|[1-9]\d{0,8})$/.test(index)) {
        return `has an invalid index at character ${i + 1}: use [0], [1], …`;
      }
      segments.push(index);
      i = end + 1;
      expectKey = false;
    } else if (c === '.') {
      if (expectKey) return `has an empty key at character ${i + 1}`;
      i++;
      expectKey = true;
      if (i === path.length) return 'ends with a dot';
    } else {
      if (!expectKey) return `needs a dot before character ${i + 1}`;
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') {
        if (path[end] === ']') return `has an unmatched ] at character ${end + 1}`;
        end++;
      }
      segments.push(path.slice(i, end));
      i = end;
      expectKey = false;
    }
    if (segments.length > LIMITS.pathSegments) {
      return `is too deep: at most ${LIMITS.pathSegments} segments`;
    }
  }
  return segments;
}
