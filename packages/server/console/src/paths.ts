/**
 * Paths as core's validator writes them (`tiers[0].tasks[1].title`): parsed, read and written
 * immutably, so a form field, the JSON view and a validation issue name a value the same way.
 */
export type PathKey = string | number;

/** `tiers[0].tasks[1].title` → `['tiers', 0, 'tasks', 1, 'title']`. */
export function parsePath(path: string): PathKey[] {
  const keys: PathKey[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) keys.push(Number(m[2]));
    else if (m[1] !== undefined) keys.push(m[1]);
  }
  return keys;
}

/** The value at `path`, or undefined when any step is missing. */
export function getAt(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of parsePath(path)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PathKey, unknown>)[key];
  }
  return value;
}

/**
 * A copy of `root` with `value` at `path` (objects and arrays created on the way); `undefined`
 * deletes the field (or the array entry). The input is never changed.
 */
export function setAt(root: unknown, path: string, value: unknown): unknown {
  const keys = parsePath(path);
  const step = (node: unknown, i: number): unknown => {
    const key = keys[i]!;
    const container: Record<PathKey, unknown> | unknown[] = Array.isArray(node)
      ? [...node]
      : typeof node === 'object' && node !== null
        ? { ...(node as Record<string, unknown>) }
        : typeof key === 'number'
          ? []
          : {};
    const c = container as Record<PathKey, unknown>;
    if (i === keys.length - 1) {
      if (value === undefined) {
        if (Array.isArray(container) && typeof key === 'number') container.splice(key, 1);
        else delete c[key];
      } else c[key] = value;
    } else c[key] = step(c[key], i + 1);
    return container;
  };
  return keys.length ? step(root, 0) : value;
}

/** An id for the DOM element that edits `path` (`f-tiers-0-tasks-1-title`). */
export function fieldId(path: string): string {
  return `f-${parsePath(path)
    .join('-')
    .replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
