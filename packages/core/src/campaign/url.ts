/** Only `https:` and `http:` links are ever rendered: no `javascript:`, `data:` or relative tricks. */
export function isSafeUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
