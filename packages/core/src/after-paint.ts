/**
 * Resolves once the page has had the chance to paint: after the next animation frame, in the
 * task that follows it (a frame's callbacks run before its paint). For work that is deferred
 * past a first paint and must not compete with it for the CPU, such as loading and compiling a
 * large chunk. A hidden tab runs no animation frames, so it also resolves after `fallbackMs`;
 * outside browsers (no `requestAnimationFrame`: Node, workers) after the current task.
 */
export function afterNextPaint(fallbackMs = 100): Promise<void> {
  return new Promise((resolve) => {
    const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number })
      .requestAnimationFrame;
    if (typeof raf !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    const fallback = setTimeout(resolve, fallbackMs);
    raf(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}
